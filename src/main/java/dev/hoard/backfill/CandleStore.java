package dev.hoard.backfill;

import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** What backfills and gap repair need to know of what is stored: candles, their finality, and cursors. */
public final class CandleStore {

    private final DataSource dataSource;

    public CandleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Open time to finality of every stored candle of a stream opening in [from, to] (both inclusive). */
    public Map<Instant, Boolean> openTimes(Instrument instrument, CandleInterval interval, Instant from, Instant to)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT c.open_time, c.is_final FROM candles c JOIN instruments i ON i.id = c.instrument_id
                 WHERE i.exchange = ? AND i.symbol = ? AND i.market_type = ? AND c.interval = ?
                   AND c.open_time >= ? AND c.open_time <= ?""")) {
            select.setString(1, instrument.exchange());
            select.setString(2, instrument.symbol());
            select.setString(3, instrument.marketType());
            select.setString(4, interval.code());
            select.setTimestamp(5, Timestamp.from(from));
            select.setTimestamp(6, Timestamp.from(to));
            Map<Instant, Boolean> stored = new HashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getTimestamp(1).toInstant(), rs.getBoolean(2));
                }
            }
            return stored;
        }
    }

    /** The end of a cursor's covered range, when the cursor covers {@code from}. */
    public Optional<Instant> coveredUntil(String dataset, Instrument instrument, String interval, Instant from)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT b.covered_until FROM backfill_cursors b JOIN instruments i ON i.id = b.instrument_id
                 WHERE b.dataset = ? AND i.exchange = ? AND i.symbol = ? AND i.market_type = ? AND b.interval = ?
                   AND b.covered_from <= ? AND b.covered_until > ?""")) {
            select.setString(1, dataset);
            select.setString(2, instrument.exchange());
            select.setString(3, instrument.symbol());
            select.setString(4, instrument.marketType());
            select.setString(5, interval);
            select.setTimestamp(6, Timestamp.from(from));
            select.setTimestamp(7, Timestamp.from(from));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }
}
