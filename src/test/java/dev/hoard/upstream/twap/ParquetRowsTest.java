package dev.hoard.upstream.twap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.model.TwapStatus;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading parquet files written here: every supported codec, logical types, and corrupt files. */
class ParquetRowsTest {

    @TempDir
    Path dir;

    private List<ObjectNode> read(byte[] content) throws Exception {
        Path file = dir.resolve("t-" + System.nanoTime() + ".parquet");
        Files.write(file, content);
        List<ObjectNode> rows = new ArrayList<>();
        try (ParquetRows reader = ParquetRows.open(file)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW"})
    void readsTheNodeLayoutWithEveryPureJavaCodec(CompressionCodecName codec) throws Exception {
        List<NodeParquetWriter.Row> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            written.add(TwapParquet.row(i, "0x" + (i % 7), "2026-07-09T19:00:44." + String.format("%09d", i), "finished"));
        }

        List<ObjectNode> rows = read(TwapParquet.node(written, codec));

        assertThat(rows).hasSize(2_000);
        TwapStatus last = TwapStatusMapper.map(rows.get(1_999));
        assertThat(last.twapId()).isEqualTo(1_999L);
        assertThat(last.wallet()).isEqualTo("0x4");
        assertThat(last.ts()).isEqualTo(Instant.parse("2026-07-09T19:00:44.000001999Z"));
        assertThat(last.notionalExecuted()).isEqualByComparingTo("45123.5");
    }

    @Test
    void readsDecimalTimestampAndStructColumnsExactly() throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message flat {
                  required int64 TwapId;
                  required int64 Block_Time (TIMESTAMP(NANOS,true));
                  required binary State_User (STRING);
                  required int64 State_Sz (DECIMAL(18,8));
                  required fixed_len_byte_array(16) State_ExecutedNtl (DECIMAL(38,6));
                  optional group status { optional binary error (STRING); }
                  optional double fee;
                }""");
        byte[] content = TwapParquet.bytes(schema, CompressionCodecName.ZSTD, List.of((Group g) -> {
            g.append("TwapId", 5L).append("Block_Time", 1752087644330633383L).append("State_User", "0xfeed")
                    .append("State_Sz", 12_345_678_900L)
                    .append("State_ExecutedNtl", Binary.fromConstantByteArray(fixed16(new BigDecimal("1234.500000"))));
            g.addGroup("status").append("error", "Insufficient margin");
            g.append("fee", 0.1);
        }));

        TwapStatus status = TwapStatusMapper.map(read(content).get(0));

        assertThat(status.ts()).isEqualTo(Instant.parse("2025-07-09T19:00:44.330633383Z"));
        assertThat(status.sizeRequested()).hasToString("123.45678900");
        assertThat(status.notionalExecuted()).hasToString("1234.500000");
        assertThat(status.status()).isEqualTo("error");
        assertThat(status.rawPayload()).contains("\"error\":\"Insufficient margin\"").contains("\"fee\":0.1");
    }

    private static byte[] fixed16(BigDecimal value) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        byte[] fixed = new byte[16];
        System.arraycopy(unscaled, 0, fixed, 16 - unscaled.length, unscaled.length);
        return fixed;
    }

    @Test
    void aFileThatIsNotParquetOrIsCutShortIsCorrupt() throws Exception {
        assertThatThrownBy(() -> read("not parquet at all".getBytes()))
                .isInstanceOf(CorruptObjectException.class);
        byte[] good = TwapParquet.node(List.of(TwapParquet.row(1, "0x1", "2026-01-01T00:00:00", "finished")));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 10);
        assertThatThrownBy(() -> read(cut)).isInstanceOf(CorruptObjectException.class);
    }
}
