package dev.hoard.upstream.twap;

import dev.hoard.upstream.twap.NodeParquetWriter.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/** Parquet TWAP files written by the tests themselves: the node layout, or any schema. */
public final class TwapParquet {

    private TwapParquet() {
    }

    /** A node-format row of BTC, 1.5 requested, 0.75 executed for 45123.5, 30 minutes. */
    public static Row row(long twapId, String user, String time, String status) {
        return new Row(twapId, time, "BTC", user, "B", "1.5", "0.75", "45123.5", 30, false, true, 1752087600000L,
                status, 1000 + twapId);
    }

    public static byte[] node(List<Row> rows) throws IOException {
        return node(rows, CompressionCodecName.SNAPPY);
    }

    public static byte[] node(List<Row> rows, CompressionCodecName codec) throws IOException {
        Path file = Files.createTempFile("twap-test-", ".parquet");
        try {
            try (NodeParquetWriter writer = new NodeParquetWriter(file, codec)) {
                for (Row row : rows) {
                    writer.write(row);
                }
            }
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A file of {@code schema}, each row filled in by one consumer. */
    public static byte[] bytes(MessageType schema, CompressionCodecName codec, List<Consumer<Group>> rows)
            throws IOException {
        Path file = Files.createTempFile("twap-test-", ".parquet");
        try {
            try (ParquetWriter<Group> writer = NodeParquetWriter.open(file, schema, codec)) {
                SimpleGroupFactory groups = new SimpleGroupFactory(schema);
                for (Consumer<Group> row : rows) {
                    Group group = groups.newGroup();
                    row.accept(group);
                    writer.write(group);
                }
            }
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
