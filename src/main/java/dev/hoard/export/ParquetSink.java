package dev.hoard.export;

import dev.hoard.upstream.twap.NodeParquetWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet (parquet-java, SNAPPY with Hoard's pure-Java codecs): timestamps are
 * {@code INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=true)}, decimals {@code DOUBLE}, counts {@code INT64},
 * flags {@code BOOLEAN}; NULL is a null. Row groups are kept small so memory stays flat whatever the
 * number of rows.
 */
public final class ParquetSink implements RowSink {

    static final int ROW_GROUP_BYTES = 8 << 20;

    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups;
    private final List<ExportColumn> columns;

    public ParquetSink(Path file, String name, List<ExportColumn> columns) throws IOException {
        this.columns = columns;
        MessageType schema = schema(name, columns);
        this.groups = new SimpleGroupFactory(schema);
        this.writer = NodeParquetWriter.open(file, schema, CompressionCodecName.SNAPPY, ROW_GROUP_BYTES);
    }

    static MessageType schema(String name, List<ExportColumn> columns) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        boolean first = true;
        for (ExportColumn column : columns) {
            // the first column is the row's time: never null
            Type.Repetition repetition = first ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
            first = false;
            switch (column.kind()) {
                case TIMESTAMP -> builder.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(column.name());
                case DECIMAL -> builder.primitive(PrimitiveTypeName.DOUBLE, repetition).named(column.name());
                case INT64 -> builder.primitive(PrimitiveTypeName.INT64, repetition).named(column.name());
                case BOOLEAN -> builder.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(column.name());
                case STRING -> builder.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(column.name());
            }
        }
        return builder.named(name.replace('-', '_'));
    }

    @Override
    public void row(Object[] values) throws IOException {
        Group group = groups.newGroup();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            String name = columns.get(i).name();
            switch (columns.get(i).kind()) {
                case TIMESTAMP -> group.append(name, ((Instant) value).toEpochMilli());
                case DECIMAL -> group.append(name, ((BigDecimal) value).doubleValue());
                case INT64 -> group.append(name, ((Number) value).longValue());
                case BOOLEAN -> group.append(name, (Boolean) value);
                case STRING -> group.append(name, value.toString());
            }
        }
        writer.write(group);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
