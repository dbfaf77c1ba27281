package dev.hoard.sink;

import dev.hoard.model.Candle;
import dev.hoard.sink.InstrumentStore.InstrumentKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link MarketBatch} as one transaction: candles under {@link ConflictPolicy#KEEP_FINAL},
 * funding and open interest under {@link ConflictPolicy#MERGE}, cursors last. A final candle that
 * disagrees with the final already stored is kept out and recorded as a data-quality event.
 */
public final class MarketDataWriter {

    private static final Logger QUALITY = LoggerFactory.getLogger("dev.hoard.data-quality");
    private static final String STORED_FINALS = """
            SELECT c.open_time, c.open, c.high, c.low, c.close, c.volume, c.trades, c.source
              FROM candles c
             WHERE c.instrument_id = ? AND c.interval = ? AND c.open_time = ANY (?) AND c.is_final""";
    /** A cursor contiguous with the stored one extends it; a disjoint one replaces it. */
    private static final String CURSOR = """
            INSERT INTO backfill_cursors AS b (dataset, instrument_id, interval, covered_from, covered_until, updated_at)
            VALUES (?, ?, ?, ?, ?, now())
            ON CONFLICT (dataset, instrument_id, interval) DO UPDATE SET
                covered_from = CASE WHEN EXCLUDED.covered_from <= b.covered_until AND EXCLUDED.covered_until >= b.covered_from
                                    THEN LEAST(b.covered_from, EXCLUDED.covered_from) ELSE EXCLUDED.covered_from END,
                covered_until = CASE WHEN EXCLUDED.covered_from <= b.covered_until AND EXCLUDED.covered_until >= b.covered_from
                                     THEN GREATEST(b.covered_until, EXCLUDED.covered_until) ELSE EXCLUDED.covered_until END,
                updated_at = now()""";

    private final DataSource dataSource;
    private final BulkUpsertWriter writer;
    private final InstrumentIds instrumentIds;

    public MarketDataWriter(DataSource dataSource, BulkUpsertWriter writer, InstrumentIds instrumentIds) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.instrumentIds = instrumentIds;
    }

    /** Writes the batch and returns how many rows it inserted or changed. */
    public long write(MarketBatch batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<InstrumentKey, Long> ids = instrumentIds.resolve(connection, batch.instruments());
                List<Candle> candles = withoutConflictingFinals(connection, batch.candles(), ids);
                long changed = writer.upsert(connection, MarketTables.CANDLES, ConflictPolicy.KEEP_FINAL,
                        MarketTables.candleRows(candles, ids));
                changed += writer.upsert(connection, MarketTables.FUNDING_RATES, ConflictPolicy.MERGE,
                        MarketTables.fundingRows(batch.funding(), ids));
                changed += writer.upsert(connection, MarketTables.OPEN_INTEREST, ConflictPolicy.MERGE,
                        MarketTables.openInterestRows(batch.openInterest(), ids));
                moveCursors(connection, batch.cursors(), ids);
                connection.commit();
                instrumentIds.remember(ids);
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Finals already stored as final are compared with the new report: equal ones are dropped
     * (nothing to write), different ones are dropped and recorded as data-quality events.
     */
    private List<Candle> withoutConflictingFinals(Connection connection, List<Candle> candles,
                                                  Map<InstrumentKey, Long> ids) throws SQLException {
        List<Candle> finals = candles.stream().filter(Candle::isFinal).toList();
        if (finals.isEmpty()) {
            return candles;
        }
        List<Candle> kept = new ArrayList<>(candles.size());
        java.util.Set<Candle> conflicting = new java.util.HashSet<>();
        Map<String, List<Candle>> byStream = new java.util.LinkedHashMap<>();
        for (Candle c : finals) {
            byStream.computeIfAbsent(c.instrument().symbol() + "\u0000" + c.instrument().exchange() + "\u0000"
                    + c.instrument().marketType() + "\u0000" + c.interval().code(), k -> new ArrayList<>()).add(c);
        }
        try (PreparedStatement select = connection.prepareStatement(STORED_FINALS)) {
            for (List<Candle> stream : byStream.values()) {
                Candle first = stream.get(0);
                long instrumentId = ids.get(InstrumentKey.of(first.instrument()));
                Map<java.time.Instant, Candle> reported = new java.util.HashMap<>();
                stream.forEach(c -> reported.put(c.openTime(), c));
                select.setLong(1, instrumentId);
                select.setString(2, first.interval().code());
                select.setArray(3, connection.createArrayOf("timestamptz",
                        stream.stream().map(c -> Timestamp.from(c.openTime())).toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Candle report = reported.get(rs.getTimestamp(1).toInstant());
                        Candle stored = new Candle(report.instrument(), report.interval(), report.openTime(),
                                report.closeTime(), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                                rs.getBigDecimal(5), rs.getBigDecimal(6), null,
                                rs.getObject(7) == null ? null : rs.getLong(7), null, null, true, rs.getString(8));
                        conflicting.add(report);
                        if (!report.sameValues(stored)) {
                            recordMismatch(connection, instrumentId, report, stored);
                        }
                    }
                }
            }
        }
        for (Candle c : candles) {
            if (!conflicting.contains(c)) {
                kept.add(c);
            }
        }
        return kept;
    }

    private static void recordMismatch(Connection connection, long instrumentId, Candle report, Candle stored)
            throws SQLException {
        String detail = "final candle reported by " + report.source() + " differs from the stored "
                + stored.source() + " final: stored o/h/l/c/v/n=" + values(stored) + " reported=" + values(report);
        QUALITY.warn("data-quality final-candle-mismatch {} {} {} {}: {}", report.instrument().exchange(),
                report.instrument().symbol(), report.interval(), report.openTime(), detail);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO data_quality_events (kind, instrument_id, interval, time, detail) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, "final-candle-mismatch");
            insert.setLong(2, instrumentId);
            insert.setString(3, report.interval().code());
            insert.setTimestamp(4, Timestamp.from(report.openTime()));
            insert.setString(5, detail);
            insert.executeUpdate();
        }
    }

    private static String values(Candle c) {
        return c.open().toPlainString() + "/" + c.high().toPlainString() + "/" + c.low().toPlainString() + "/"
                + c.close().toPlainString() + "/" + c.volume().toPlainString() + "/" + c.trades();
    }

    private static void moveCursors(Connection connection, List<MarketBatch.Cursor> cursors,
                                    Map<InstrumentKey, Long> ids) throws SQLException {
        if (cursors.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(CURSOR)) {
            for (MarketBatch.Cursor cursor : cursors) {
                upsert.setString(1, cursor.dataset());
                upsert.setLong(2, ids.get(InstrumentKey.of(cursor.instrument())));
                upsert.setString(3, cursor.interval());
                upsert.setTimestamp(4, Timestamp.from(cursor.coveredFrom()));
                upsert.setTimestamp(5, Timestamp.from(cursor.coveredUntil()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
