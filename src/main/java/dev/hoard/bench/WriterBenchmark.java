package dev.hoard.bench;

import dev.hoard.sink.BulkUpsertWriter;
import dev.hoard.sink.ConflictPolicy;
import dev.hoard.sink.MarketTables;
import dev.hoard.sink.TableSpec;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Measures the bulk upsert writer against its ceiling, raw COPY into the same keyed table, side by
 * side in one run and on the same rows: funding-rate rows (12 columns, 10 of them NUMERIC) into a
 * copy of {@code funding_rates} with its primary key, in a scratch schema.
 */
public final class WriterBenchmark {

    private static final String SCHEMA = "hoard_bench";

    private final DataSource dataSource;
    private final BulkUpsertWriter writer = new BulkUpsertWriter();

    public WriterBenchmark(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows per second of each method, as the median of {@code rounds} rounds. */
    public Map<String, Double> run(int rowCount, int rounds) throws SQLException {
        TableSpec spec = new TableSpec(SCHEMA + ".funding_rates", MarketTables.FUNDING_RATES.columns(),
                MarketTables.FUNDING_RATES.key());
        List<Object[]> rows = rows(rowCount);
        prepare();
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            sample(samples, "raw COPY into keyed table (ceiling)", rowCount, () -> truncateThen(c -> writer.copyInto(c, spec, rows)));
            sample(samples, "writer: COPY to staging + INSERT ON CONFLICT DO NOTHING", rowCount,
                    () -> truncateThen(c -> writer.upsert(c, spec, ConflictPolicy.DO_NOTHING, rows)));
            sample(samples, "writer: COPY to staging + INSERT ON CONFLICT DO UPDATE (MERGE)", rowCount,
                    () -> truncateThen(c -> writer.upsert(c, spec, ConflictPolicy.MERGE, rows)));
            sample(samples, "writer rerun: every key already stored (DO NOTHING)", rowCount,
                    () -> inTransaction(c -> writer.upsert(c, spec, ConflictPolicy.DO_NOTHING, rows)));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        samples.forEach((name, values) -> {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            medians.put(name, sorted[sorted.length / 2]);
        });
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
        return medians;
    }

    private interface Work {
        void run() throws SQLException;
    }

    private interface ConnectionWork {
        void run(Connection connection) throws SQLException;
    }

    private static void sample(Map<String, double[]> samples, String name, int rows, Work work) throws SQLException {
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] previous = samples.getOrDefault(name, new double[0]);
        double[] next = Arrays.copyOf(previous, previous.length + 1);
        next[previous.length] = rows / seconds;
        samples.put(name, next);
    }

    private void truncateThen(ConnectionWork work) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + SCHEMA + ".funding_rates");
            s.execute("CHECKPOINT");
        }
        inTransaction(work);
    }

    private void inTransaction(ConnectionWork work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            c.commit();
        }
    }

    private void prepare() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".funding_rates (LIKE public.funding_rates INCLUDING ALL)");
        }
    }

    /** Deterministic rows: 100 instruments, consecutive minutes, exact decimals of realistic scale. */
    static List<Object[]> rows(int count) {
        List<Object[]> rows = new ArrayList<>(count);
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            long instrument = 1 + i % 100;
            Instant time = base.plusSeconds(60L * (i / 100));
            BigDecimal mark = BigDecimal.valueOf(6_000_000 + (i * 37L) % 100_000, 2);
            rows.add(new Object[] {instrument, time, BigDecimal.valueOf((i % 2001) - 1000, 8),
                BigDecimal.valueOf(i % 997, 9), mark, mark.add(BigDecimal.ONE), mark.subtract(BigDecimal.ONE), null,
                mark.subtract(BigDecimal.TEN), mark.add(BigDecimal.TEN), mark.subtract(BigDecimal.valueOf(150)),
                null});
        }
        return rows;
    }
}
