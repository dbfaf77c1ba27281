package bench;

import dev.hoard.upstream.twap.NodeParquetWriter;
import dev.hoard.upstream.twap.ParquetCodecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Rows/s of reading every field of a node-format TWAP parquet file: parquet-java's record reader (as
 * Hoard packages it: pure-Java codecs, no Hadoop file system) against DuckDB's read_parquet over JDBC.
 * Three rounds each; the first includes JIT warm-up.
 */
public final class ReaderBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path file = Files.createTempFile("reader-bench-", ".parquet");
        try (NodeParquetWriter writer = new NodeParquetWriter(file, CompressionCodecName.SNAPPY)) {
            for (int i = 0; i < rows; i++) {
                writer.write(new NodeParquetWriter.Row(i, "2026-07-09T19:00:44.330633383", "BTC",
                        "0x" + Integer.toHexString(i % 5000), i % 2 == 0 ? "B" : "A", "1.5", "0." + i, "12345.67", 30,
                        false, true, 1752087644330L + i, "finished", i));
            }
        }
        System.out.printf("%d rows, %.1f MiB (SNAPPY)%n", rows, Files.size(file) / 1048576.0);
        for (int round = 1; round <= 3; round++) {
            report("parquet-java", round, rows, () -> parquetJava(file));
            report("duckdb", round, rows, () -> duckdb(file));
        }
        Files.delete(file);
    }

    interface Read {
        long run() throws Exception;
    }

    static void report(String reader, int round, int rows, Read read) throws Exception {
        long start = System.nanoTime();
        long checksum = read.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-13s round %d: %,10.0f rows/s (checksum %d)%n", reader, round, rows / seconds, checksum);
    }

    static long parquetJava(Path file) throws Exception {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).build();
        long checksum = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group row = records.read();
                    Group state = row.getGroup("state", 0);
                    checksum += row.getLong("twap_id", 0) + row.getString("time", 0).length()
                            + state.getString("coin", 0).length() + state.getString("user", 0).length()
                            + state.getString("side", 0).length() + state.getString("sz", 0).length()
                            + state.getString("executedSz", 0).length() + state.getString("executedNtl", 0).length()
                            + state.getInteger("minutes", 0) + (state.getBoolean("reduceOnly", 0) ? 1 : 0)
                            + (state.getBoolean("randomize", 0) ? 1 : 0) + state.getLong("timestamp", 0)
                            + row.getString("status", 0).length() + row.getLong("block_number", 0);
                }
            }
        }
        return checksum;
    }

    static long duckdb(Path file) throws Exception {
        long checksum = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT twap_id, time, state.coin, state.user, state.side, state.sz,"
                     + " state.executedSz, state.executedNtl, state.minutes, state.reduceOnly, state.randomize,"
                     + " state.timestamp, status, block_number FROM read_parquet('" + file + "')")) {
            while (rs.next()) {
                checksum += rs.getLong(1) + rs.getString(2).length() + rs.getString(3).length()
                        + rs.getString(4).length() + rs.getString(5).length() + rs.getString(6).length()
                        + rs.getString(7).length() + rs.getString(8).length() + rs.getInt(9)
                        + (rs.getBoolean(10) ? 1 : 0) + (rs.getBoolean(11) ? 1 : 0) + rs.getLong(12)
                        + rs.getString(13).length() + rs.getLong(14);
            }
        }
        return checksum;
    }
}
