package dev.hoard.sink;

import dev.hoard.model.Candle;
import dev.hoard.sink.InstrumentStore.InstrumentKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link MarketBatch} as one transaction: candles under {@link ConflictPolicy#KEEP_FINAL},
 * funding and open interest under {@link ConflictPolicy#MERGE}, cursors last. A final candle that
 * disagrees with the final already stored is a data-quality event: a settled REST final (the
 * exchange's own record, {@link MarketBatch#isSettled}) replaces the stored one; any other report is
 * kept out, and the listeners of {@link #onDisagreement} are told after the commit, so the exchange
 * can be asked again once the candle has surely closed.
 */
public final class MarketDataWriter {

    private static final Logger QUALITY = LoggerFactory.getLogger("dev.hoard.data-quality");
    private static final String STORED_FINALS = """
            SELECT c.instrument_id, c.interval, c.open_time, c.open, c.high, c.low, c.close, c.volume, c.trades, c.source
              FROM candles c
              JOIN unnest(?::bigint[], ?::text[], ?::timestamptz[]) AS k(instrument_id, interval, open_time)
                ON c.instrument_id = k.instrument_id AND c.interval = k.interval AND c.open_time = k.open_time
             WHERE c.is_final""";
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
    private final List<Consumer<Candle>> disagreementListeners = new CopyOnWriteArrayList<>();

    public MarketDataWriter(DataSource dataSource, BulkUpsertWriter writer, InstrumentIds instrumentIds) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.instrumentIds = instrumentIds;
    }

    /** Called with each reported final that disagreed with the stored final and was kept out. */
    public void onDisagreement(Consumer<Candle> listener) {
        disagreementListeners.add(listener);
    }

    /** Writes the batch and returns how many rows it inserted or changed. */
    public long write(MarketBatch batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<InstrumentKey, Long> resolved = new HashMap<>();
        List<Candle> keptOut = new ArrayList<>(0);
        long changed = Transactions.inTransaction(dataSource, connection -> {
            keptOut.clear();
            Map<InstrumentKey, Long> ids = instrumentIds.resolve(connection, batch.instruments());
            resolved.putAll(ids);
            FinalsChecked checked = checkFinals(connection, batch, ids);
            keptOut.addAll(checked.keptOut());
            long rows = writer.upsert(connection, MarketTables.CANDLES, ConflictPolicy.KEEP_FINAL,
                    MarketTables.candleRows(checked.toWrite(), ids));
            rows += writer.upsert(connection, MarketTables.CANDLES, ConflictPolicy.OVERWRITE,
                    MarketTables.candleRows(checked.corrections(), ids));
            rows += writer.upsert(connection, MarketTables.FUNDING_RATES, ConflictPolicy.MERGE,
                    MarketTables.fundingRows(batch.funding(), ids));
            rows += writer.upsert(connection, MarketTables.OPEN_INTEREST, ConflictPolicy.MERGE,
                    MarketTables.openInterestRows(batch.openInterest(), ids));
            moveCursors(connection, batch.cursors(), ids);
            return rows;
        });
        instrumentIds.remember(resolved);
        for (Candle candle : keptOut) {
            disagreementListeners.forEach(listener -> listener.accept(candle));
        }
        return changed;
    }

    /**
     * The batch's candles split by how they meet the finals already stored: to write as usual, settled
     * corrections that replace a disagreeing stored final, and reports kept out.
     */
    private record FinalsChecked(List<Candle> toWrite, List<Candle> corrections, List<Candle> keptOut) {
    }

    /**
     * Finals already stored as final are compared with the new report in one query: equal ones are
     * dropped (nothing to write); a different one is a data-quality event, and replaces the stored
     * final only when it is settled.
     */
    private FinalsChecked checkFinals(Connection connection, MarketBatch batch, Map<InstrumentKey, Long> ids)
            throws SQLException {
        List<Candle> candles = batch.candles();
        Map<FinalKey, Candle> finals = new HashMap<>();
        for (Candle c : candles) {
            if (c.isFinal()) {
                finals.put(new FinalKey(ids.get(InstrumentKey.of(c.instrument())), c.interval().code(), c.openTime()), c);
            }
        }
        if (finals.isEmpty()) {
            return new FinalsChecked(candles, List.of(), List.of());
        }
        Long[] instrumentIds = new Long[finals.size()];
        String[] intervals = new String[finals.size()];
        Timestamp[] openTimes = new Timestamp[finals.size()];
        int i = 0;
        for (FinalKey key : finals.keySet()) {
            instrumentIds[i] = key.instrumentId();
            intervals[i] = key.interval();
            openTimes[i++] = Timestamp.from(key.openTime());
        }
        Set<Candle> alreadyFinal = new HashSet<>();
        List<Candle> corrections = new ArrayList<>(0);
        List<Candle> keptOut = new ArrayList<>(0);
        try (PreparedStatement select = connection.prepareStatement(STORED_FINALS)) {
            select.setArray(1, connection.createArrayOf("bigint", instrumentIds));
            select.setArray(2, connection.createArrayOf("text", intervals));
            select.setArray(3, connection.createArrayOf("timestamptz", openTimes));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Candle report = finals.get(new FinalKey(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                    Candle stored = new Candle(report.instrument(), report.interval(), report.openTime(),
                            report.closeTime(), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
                            rs.getBigDecimal(7), rs.getBigDecimal(8), null, rs.getObject(9) == null ? null : rs.getLong(9),
                            null, null, true, rs.getString(10));
                    alreadyFinal.add(report);
                    if (report.sameValues(stored)) {
                        continue;
                    }
                    boolean settled = batch.isSettled(report);
                    recordDisagreement(connection, rs.getLong(1), report, stored, settled);
                    (settled ? corrections : keptOut).add(report);
                }
            }
        }
        if (alreadyFinal.isEmpty()) {
            return new FinalsChecked(candles, List.of(), List.of());
        }
        List<Candle> toWrite = new ArrayList<>(candles.size());
        for (Candle c : candles) {
            if (!alreadyFinal.contains(c)) {
                toWrite.add(c);
            }
        }
        return new FinalsChecked(toWrite, corrections, keptOut);
    }

    private record FinalKey(long instrumentId, String interval, Instant openTime) {
    }

    private static void recordDisagreement(Connection connection, long instrumentId, Candle report, Candle stored,
                                           boolean settled) throws SQLException {
        String kind = settled ? "final-candle-corrected" : "final-candle-mismatch";
        String detail = "final candle reported by " + report.source() + " differs from the stored "
                + stored.source() + " final: stored o/h/l/c/v/n=" + values(stored) + " reported=" + values(report)
                + (settled ? "; the settled exchange record replaces the stored final"
                        : "; the stored final is kept until the exchange is asked again");
        QUALITY.warn("data-quality {} {} {} {} {}: {}", kind, report.instrument().exchange(),
                report.instrument().symbol(), report.interval(), report.openTime(), detail);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO data_quality_events (kind, instrument_id, interval, time, detail) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, kind);
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
