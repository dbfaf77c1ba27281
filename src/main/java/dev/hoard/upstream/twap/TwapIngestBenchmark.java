package dev.hoard.upstream.twap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hoard.sink.BulkUpsertWriter;
import dev.hoard.sink.DeadLetterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Ingests one parquet object of {@code rows} TWAP statuses end to end, as {@code etl-twap --local-file}
 * does (read, map, bulk upsert in chunks, ingest log, one commit), next to the writer's ceiling: the
 * same rows read and mapped the same way but sent by raw COPY into a keyed copy of the table. Also
 * reports reading and mapping alone, and the peak RSS of the end-to-end ingest. Tables live in a
 * scratch schema, dropped afterwards.
 */
public final class TwapIngestBenchmark {

    private static final String SCHEMA = "hoard_bench";

    private final HikariDataSource dataSource;

    public TwapIngestBenchmark(DataSource database) throws SQLException {
        HikariConfig config = new HikariConfig();
        database.unwrap(HikariDataSource.class).copyStateTo(config);
        config.setPoolName("hoard-bench");
        config.setConnectionInitSql("SET search_path TO " + SCHEMA + ", public");
        this.dataSource = new HikariDataSource(config);
    }

    /** Figures by name: rows/s of each method, the file's size, and the ingest's peak RSS. */
    public Map<String, Double> run(int rowCount) throws IOException, SQLException {
        Map<String, Double> results = new LinkedHashMap<>();
        Path file = Files.createTempFile("hoard-bench-twap-", ".parquet");
        try {
            write(file, rowCount);
            results.put("file MiB (SNAPPY)", Files.size(file) / 1048576.0);
            prepare();
            results.put("read + map only (no database)", rate(rowCount, () -> readAndMap(file)));

            System.gc();
            PeakRss.reset();
            TwapObjectIngester ingester = new TwapObjectIngester(dataSource, new BulkUpsertWriter(),
                    new DeadLetterStore(dataSource), new S3IngestLog(dataSource, new BulkUpsertWriter(), Clock.systemUTC()),
                    null);
            TwapObject object = TwapObjectLister.localFile(file);
            results.put("end to end: etl-twap --local-file (DO NOTHING upsert)",
                    rate(rowCount, () -> ingester.ingestFile(object, file)));
            results.put("peak RSS MiB during the end-to-end ingest", PeakRss.mebibytes());
            results.put("end to end again: every key already stored",
                    rate(rowCount, () -> ingester.ingestFile(object, file)));

            execute("TRUNCATE twap_status", "CHECKPOINT");
            results.put("ceiling: same rows by raw COPY into the keyed table", rate(rowCount, () -> rawCopy(file)));
        } finally {
            Files.deleteIfExists(file);
            try {
                execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            } finally {
                dataSource.close();
            }
        }
        return results;
    }

    private interface Work {
        void run() throws IOException, SQLException;
    }

    private static double rate(int rows, Work work) throws IOException, SQLException {
        long start = System.nanoTime();
        work.run();
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    /** Deterministic node-format rows: 20,000 wallets, 4 statuses per TWAP, exact decimals. */
    static void write(Path file, int rows) throws IOException {
        String[] statuses = {"activated", "finished", "terminated", "{\"error\":\"Insufficient margin to place order.\"}"};
        try (NodeParquetWriter writer = new NodeParquetWriter(file, CompressionCodecName.SNAPPY)) {
            for (int i = 0; i < rows; i++) {
                long twap = i / 4;
                String wallet = String.format("0x%040x", twap % 20_000);
                long millis = 1_752_000_000_000L + i * 250L;
                String time = java.time.LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000 + 123,
                        java.time.ZoneOffset.UTC).toString();
                writer.write(new NodeParquetWriter.Row(twap, time, i % 3 == 0 ? "ETH" : "BTC", wallet, i % 2 == 0 ? "B" : "A",
                        (twap % 500) + ".25", (i % 4) + "." + (i % 1000), (i * 37L % 1_000_000) + ".125", 30,
                        i % 5 == 0, i % 2 == 1, millis - 60_000, statuses[i % 4], 500_000_000L + i));
            }
        }
    }

    private static void readAndMap(Path file) {
        try (ParquetRows rows = ParquetRows.open(file)) {
            TwapStatusMapper mapper = mapper(rows);
            long checksum = 0;
            while (rows.hasNext()) {
                checksum += mapper.apply(rows.next()).twapId();
            }
            if (checksum < 0) {
                throw new IllegalStateException("impossible checksum");
            }
        }
    }

    private void rawCopy(Path file) throws SQLException {
        try (ParquetRows rows = ParquetRows.open(file); Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            TwapStatusMapper mapper = mapper(rows);
            Iterator<Object[]> mapped = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Object[] next() {
                    return TwapTables.row(mapper.apply(rows.next()), file.toString());
                }
            };
            new BulkUpsertWriter().copyInto(connection, TwapTables.TWAP_STATUS, () -> mapped);
            connection.commit();
        }
    }

    private static TwapStatusMapper mapper(ParquetRows rows) {
        return TwapStatusMapper.forColumns(rows.schema().getPaths().stream().map(java.util.List::of).toList());
    }

    private void prepare() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".twap_status (LIKE public.twap_status INCLUDING ALL)",
                "CREATE TABLE " + SCHEMA + ".etl_s3_ingest_log (LIKE public.etl_s3_ingest_log INCLUDING ALL)",
                "CREATE TABLE " + SCHEMA + ".dead_letters (LIKE public.dead_letters INCLUDING ALL)");
    }

    private void execute(String... sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The process's peak resident set (VmHWM), which Linux lets a process reset. */
    static final class PeakRss {
        private static final Path STATUS = Path.of("/proc/self/status");
        private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

        private PeakRss() {
        }

        static void reset() throws IOException {
            if (Files.isWritable(CLEAR_REFS)) {
                Files.writeString(CLEAR_REFS, "5");
            }
        }

        static double mebibytes() throws IOException {
            if (!Files.isReadable(STATUS)) {
                return Double.NaN;
            }
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }
    }
}
