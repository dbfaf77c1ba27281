package dev.hoard.upstream.twap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes TWAP statuses in the node's layout (UPSTREAMS.md §5) as parquet: {@code state} a group,
 * {@code status} a string (a word, or an error object as JSON text). The benchmark's input, and the
 * tests'.
 */
public final class NodeParquetWriter implements AutoCloseable {

    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message twap_status {
              required int64 twap_id;
              required binary time (STRING);
              required group state {
                required binary coin (STRING);
                required binary user (STRING);
                required binary side (STRING);
                required binary sz (STRING);
                required binary executedSz (STRING);
                required binary executedNtl (STRING);
                required int32 minutes;
                required boolean reduceOnly;
                required boolean randomize;
                required int64 timestamp;
              }
              optional binary status (STRING);
              optional int64 block_number;
            }""");

    /** One row; {@code status} null leaves the column empty. */
    public record Row(long twapId, String time, String coin, String user, String side, String sz, String executedSz,
                      String executedNtl, int minutes, boolean reduceOnly, boolean randomize, long timestamp,
                      String status, long blockNumber) {
    }

    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);

    public NodeParquetWriter(Path file, CompressionCodecName codec) throws IOException {
        this.writer = open(file, SCHEMA, codec);
    }

    /** A parquet writer of example Groups with Hoard's pure-Java codecs. */
    public static ParquetWriter<Group> open(Path file, MessageType schema, CompressionCodecName codec)
            throws IOException {
        return open(file, schema, codec, ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /** The same, with row groups of about {@code rowGroupBytes} (each is buffered in memory until written). */
    public static ParquetWriter<Group> open(Path file, MessageType schema, CompressionCodecName codec, long rowGroupBytes)
            throws IOException {
        Files.deleteIfExists(file);
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(codec)
                .withCodecFactory(new ParquetCodecs())
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    public void write(Row row) throws IOException {
        Group group = groups.newGroup().append("twap_id", row.twapId()).append("time", row.time());
        group.addGroup("state").append("coin", row.coin()).append("user", row.user()).append("side", row.side())
                .append("sz", row.sz()).append("executedSz", row.executedSz()).append("executedNtl", row.executedNtl())
                .append("minutes", row.minutes()).append("reduceOnly", row.reduceOnly())
                .append("randomize", row.randomize()).append("timestamp", row.timestamp());
        if (row.status() != null) {
            group.append("status", row.status());
        }
        group.append("block_number", row.blockNumber());
        writer.write(group);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
