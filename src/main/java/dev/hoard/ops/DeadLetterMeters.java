package dev.hoard.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hoard_dead_letters_total{source}}: rows in {@code dead_letters} by upstream (the first part of their
 * {@code source}: {@code hyperliquid}, {@code binance}, {@code defillama}, {@code artemis}, {@code twap-s3}),
 * written by any process. The first read counts every row; later reads count only rows with a higher id, so a
 * scrape stays cheap however many letters there are. Each known upstream's counter exists at 0 from the start.
 */
final class DeadLetterMeters implements DatabaseMetrics.Source {

    /** Upstreams that dead-letter payloads they cannot read. */
    static final List<String> SOURCES = List.of("hyperliquid", "binance", "defillama", "artemis", "twap-s3");

    private static final String NEW_LETTERS = """
            SELECT split_part(source, '.', 1), count(*), max(id) FROM dead_letters WHERE id > ? GROUP BY 1""";

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<Meter> registered = new ArrayList<>();
    private long seenId;

    DeadLetterMeters(MeterRegistry meters) {
        this.meters = meters;
        SOURCES.forEach(this::count);
    }

    private synchronized AtomicLong count(String source) {
        AtomicLong count = counts.get(source);
        if (count == null) {
            AtomicLong created = new AtomicLong();
            counts.put(source, created);
            registered.add(FunctionCounter.builder("hoard.dead.letters", created, AtomicLong::get)
                    .description("upstream payloads that could not be read and were dead-lettered")
                    .tag("source", source).register(meters));
            count = created;
        }
        return count;
    }

    @Override
    public void refresh(Connection connection) throws SQLException {
        long newest = seenId;
        try (PreparedStatement select = connection.prepareStatement(NEW_LETTERS)) {
            select.setLong(1, seenId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    count(rs.getString(1)).addAndGet(rs.getLong(2));
                    newest = Math.max(newest, rs.getLong(3));
                }
            }
        }
        seenId = newest;
    }

    @Override
    public synchronized void remove() {
        registered.forEach(meters::remove);
        registered.clear();
        counts.clear();
    }
}
