package dev.hoard.upstream.twap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.JulianFields;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Materializes each parquet record as a JSON object, whatever its schema: groups become objects,
 * repeated fields arrays, strings text, DECIMAL columns exact decimals, TIMESTAMP and INT96 columns
 * ISO-8601 UTC text, DATE columns {@code YYYY-MM-DD}. Absent optional values are left out.
 */
final class JsonRecordConverter extends RecordMaterializer<ObjectNode> {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final ObjectConverter root;

    JsonRecordConverter(MessageType schema) {
        root = new ObjectConverter(schema, null, null, false);
    }

    @Override
    public ObjectNode getCurrentRecord() {
        return root.node;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    private static final class ObjectConverter extends GroupConverter {
        private final ObjectConverter parent;
        private final String name;
        private final boolean repeated;
        private final Converter[] fields;
        private ObjectNode node;

        ObjectConverter(GroupType type, ObjectConverter parent, String name, boolean repeated) {
            this.parent = parent;
            this.name = name;
            this.repeated = repeated;
            this.fields = new Converter[type.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                Type field = type.getType(i);
                boolean fieldRepeated = field.isRepetition(Type.Repetition.REPEATED);
                fields[i] = field.isPrimitive()
                        ? new ValueConverter(field.asPrimitiveType(), this, field.getName(), fieldRepeated)
                        : new ObjectConverter(field.asGroupType(), this, field.getName(), fieldRepeated);
            }
        }

        void add(String field, JsonNode value, boolean repeatedField) {
            if (repeatedField) {
                node.withArray(field).add(value);
            } else {
                node.set(field, value);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            node = JSON.objectNode();
        }

        @Override
        public void end() {
            if (parent != null) {
                parent.add(name, node, repeated);
            }
        }
    }

    private static final class ValueConverter extends PrimitiveConverter {
        private final ObjectConverter parent;
        private final String name;
        private final boolean repeated;
        private final LogicalTypeAnnotation logical;
        private final boolean int96;

        ValueConverter(PrimitiveType type, ObjectConverter parent, String name, boolean repeated) {
            this.parent = parent;
            this.name = name;
            this.repeated = repeated;
            this.logical = type.getLogicalTypeAnnotation();
            this.int96 = type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96;
        }

        private void set(JsonNode value) {
            parent.add(name, value, repeated);
        }

        @Override
        public void addBinary(Binary value) {
            if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                set(JSON.numberNode(new BigDecimal(new BigInteger(value.getBytes()), decimal.getScale())));
            } else if (int96) {
                set(JSON.textNode(int96(value).toString()));
            } else {
                set(JSON.textNode(value.toStringUsingUTF8()));
            }
        }

        @Override
        public void addBoolean(boolean value) {
            set(JSON.booleanNode(value));
        }

        @Override
        public void addDouble(double value) {
            set(JSON.numberNode(value));
        }

        @Override
        public void addFloat(float value) {
            set(JSON.numberNode(value));
        }

        @Override
        public void addInt(int value) {
            if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                set(JSON.numberNode(BigDecimal.valueOf(value, decimal.getScale())));
            } else if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                set(JSON.textNode(LocalDate.ofEpochDay(value).toString()));
            } else {
                set(JSON.numberNode(value));
            }
        }

        @Override
        public void addLong(long value) {
            if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
                set(JSON.numberNode(BigDecimal.valueOf(value, decimal.getScale())));
            } else if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
                set(JSON.textNode(timestamp(value, timestamp.getUnit()).toString()));
            } else {
                set(JSON.numberNode(value));
            }
        }

        private static Instant timestamp(long value, LogicalTypeAnnotation.TimeUnit unit) {
            return switch (unit) {
                case MILLIS -> Instant.ofEpochMilli(value);
                case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000);
                case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
            };
        }

        /** Legacy INT96 timestamps: nanoseconds of the day, then the Julian day, little-endian. */
        private static Instant int96(Binary value) {
            ByteBuffer buffer = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = buffer.getLong();
            long julianDay = Integer.toUnsignedLong(buffer.getInt());
            LocalDate date = LocalDate.MIN.with(JulianFields.JULIAN_DAY, julianDay);
            return date.atStartOfDay(ZoneOffset.UTC).toInstant().plusNanos(nanosOfDay);
        }
    }
}
