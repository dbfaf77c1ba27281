package dev.hoard.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pulls} log: one row per catalog entry pulled (source, asset, metric, mode, started and
 * finished, status success / error / no_data, records written, error text). A success is recorded
 * in the transaction of its rows; an error in a transaction of its own.
 */
public final class PullLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hoard.pulls");
    private static final String INSERT = """
            INSERT INTO pulls (source, asset, metric, mode, started_at, finished_at, status, records, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final DataSource dataSource;
    private final Clock clock;

    public PullLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Records a unit's outcome inside the caller's transaction. */
    public void recorded(Connection connection, PullUnit unit, Instant started, String status, long records,
                         String error) throws SQLException {
        insert(connection, unit.source(), unit.entry().asset(), unit.entry().metric(), unit.mode(), started, status,
                records, error);
        LOG.debug("{} status={} records={}", unit.describe(), status, records);
    }

    /** Records and logs a unit that failed; best effort, since the database may be what failed. */
    public void failed(PullUnit unit, Instant started, String reason) {
        LOG.warn("{} status=error reason={}", unit.describe(), reason);
        record(unit.source(), unit.entry().asset(), unit.entry().metric(), unit.mode(), started, reason);
    }

    /** Records and logs a pull that failed before any unit: its catalog or cursors could not be read. */
    public void pullFailed(String source, PullMode mode, Instant started, String reason) {
        LOG.warn("{} pull mode={} status=error reason={}", source, mode.label(), reason);
        record(source, null, null, mode, started, reason);
    }

    /** When the newest pull of {@code source} in {@code mode} started. */
    public Optional<Instant> lastStart(String source, PullMode mode) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT max(started_at) FROM pulls WHERE source = ? AND mode = ?")) {
            select.setString(1, source);
            select.setString(2, mode.label());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant);
            }
        }
    }

    private void record(String source, String asset, String metric, PullMode mode, Instant started, String reason) {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, source, asset, metric, mode, started, "error", 0, reason);
        } catch (SQLException e) {
            LOG.warn("Could not record the failed pull of {}: {}", source, e.getMessage());
        }
    }

    private void insert(Connection connection, String source, String asset, String metric, PullMode mode,
                        Instant started, String status, long records, String error) throws SQLException {
        Instant finished = clock.instant();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, source);
            insert.setString(2, asset);
            insert.setString(3, metric);
            insert.setString(4, mode.label());
            insert.setTimestamp(5, Timestamp.from(started == null ? finished : started));
            insert.setTimestamp(6, Timestamp.from(finished));
            insert.setString(7, status);
            insert.setInt(8, Math.toIntExact(records));
            insert.setString(9, error);
            insert.executeUpdate();
        }
    }
}
