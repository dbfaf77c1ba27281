package dev.hoard.sink;

import dev.hoard.pipeline.PullUnit;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Per catalog entry, the last UTC day its backfill covered ({@code metric_cursors}). A cursor moves
 * only forward and only from the value the unit was planned from, inside the unit's transaction.
 */
public final class MetricCursors {

    private final DataSource dataSource;

    public MetricCursors(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The cursors of {@code source}, keyed by {@link #key(String, String)}. */
    public Map<String, LocalDate> read(String source) throws SQLException {
        Map<String, LocalDate> cursors = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT asset, metric, backfilled_through FROM metric_cursors WHERE source = ?")) {
            select.setString(1, source);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    cursors.put(key(rs.getString(1), rs.getString(2)), rs.getDate(3).toLocalDate());
                }
            }
        }
        return cursors;
    }

    public static String key(String asset, String metric) {
        return asset + "\0" + metric;
    }

    /** Moves the cursor of {@code unit}'s entry to {@code through}, if it still is where the unit began. */
    public void advance(Connection connection, PullUnit unit, LocalDate through, Instant now) throws SQLException {
        if (through == null || (unit.expectedCursor() != null && !through.isAfter(unit.expectedCursor()))) {
            return;
        }
        String sql = unit.expectedCursor() == null
                ? """
                  INSERT INTO metric_cursors (backfilled_through, updated_at, source, asset, metric)
                  VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, asset, metric) DO NOTHING"""
                : """
                  UPDATE metric_cursors SET backfilled_through = ?, updated_at = ?
                   WHERE source = ? AND asset = ? AND metric = ? AND backfilled_through = ?""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setDate(1, Date.valueOf(through));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setString(3, unit.source());
            statement.setString(4, unit.entry().asset());
            statement.setString(5, unit.entry().metric());
            if (unit.expectedCursor() != null) {
                statement.setDate(6, Date.valueOf(unit.expectedCursor()));
            }
            statement.executeUpdate();
        }
    }

    /** Forgets the cursors of {@code source} (of {@code assets} only, when given): the start-fresh path. */
    public int delete(Connection connection, String source, String[] assets) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM metric_cursors WHERE source = ?"
                + (assets == null ? "" : " AND asset = ANY (?::text[])"))) {
            delete.setString(1, source);
            if (assets != null) {
                delete.setArray(2, connection.createArrayOf("text", assets));
            }
            return delete.executeUpdate();
        }
    }
}
