package dev.hoard.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of every pipeline run: one log line per run (pipeline, period, rows, duration,
 * outcome) and one {@code pipeline_runs} row, which {@code /health} reads. A successful run's row is
 * written in the same transaction as its data; a failed run's row in a transaction of its own.
 *
 * <p>A run's facts travel on the exchange as properties set by {@link #begin}.
 */
public final class PipelineRunLog {

    public static final String PIPELINE = "hoardPipeline";
    public static final String PERIOD = "hoardPeriod";
    public static final String STARTED = "hoardRunStarted";
    public static final String ROWS = "hoardRunRows";

    private static final Logger LOG = LoggerFactory.getLogger("dev.hoard.runs");
    private static final String INSERT = """
            INSERT INTO pipeline_runs (pipeline, period_start, started_at, finished_at, outcome, rows, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private final DataSource dataSource;
    private final Clock clock;

    public PipelineRunLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void begin(Exchange exchange, String pipeline, Instant period) {
        exchange.setProperty(PIPELINE, pipeline);
        exchange.setProperty(PERIOD, period);
        exchange.setProperty(STARTED, clock.instant());
    }

    /** Records success inside the caller's transaction and logs the run's line. */
    public void succeeded(Connection connection, Exchange exchange, int rows, String detail) throws SQLException {
        Instant finished = clock.instant();
        insert(connection, exchange, finished, "success", rows, detail);
        exchange.setProperty(ROWS, rows);
    }

    /** Logs the line of a run whose data has been committed. */
    public void logSuccess(Exchange exchange) {
        Integer rows = exchange.getProperty(ROWS, Integer.class);
        LOG.info("{} period={} rows={} duration={}ms outcome=success", exchange.getProperty(PIPELINE),
                exchange.getProperty(PERIOD), rows == null ? 0 : rows, elapsedMillis(exchange));
    }

    /**
     * Logs and records a failed run. Called by the error handler once retries are exhausted; the
     * failure row is best effort, since the database may be what failed.
     */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getException();
        if (cause == null) {
            cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        String reason = oneLine(cause);
        if (exchange.getProperty(PIPELINE) == null) {
            LOG.warn("{} outcome=failed reason={}", exchange.getFromRouteId(), reason);
            return;
        }
        LOG.warn("{} period={} rows=0 duration={}ms outcome=failed reason={}", exchange.getProperty(PIPELINE),
                exchange.getProperty(PERIOD), elapsedMillis(exchange), reason);
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, exchange, clock.instant(), "failed", 0, reason);
        } catch (SQLException e) {
            LOG.warn("Could not record the failed run of {}: {}", exchange.getProperty(PIPELINE), e.getMessage());
        }
    }

    /** The period of the newest successful run of {@code pipeline}. */
    public Optional<Instant> lastSuccessfulPeriod(String pipeline) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT max(period_start) FROM pipeline_runs WHERE pipeline = ? AND outcome = 'success'")) {
            select.setString(1, pipeline);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                Timestamp ts = rs.getTimestamp(1);
                return Optional.ofNullable(ts).map(Timestamp::toInstant);
            }
        }
    }

    /** Per pipeline, the finish time of its newest successful run. */
    public Map<String, Instant> lastSuccesses(Connection connection) throws SQLException {
        Map<String, Instant> result = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT pipeline, max(finished_at) FROM pipeline_runs
                 WHERE outcome = 'success' GROUP BY pipeline ORDER BY pipeline""");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return result;
    }

    private void insert(Connection connection, Exchange exchange, Instant finished, String outcome, int rows,
                        String detail) throws SQLException {
        Instant started = exchange.getProperty(STARTED, Instant.class);
        Instant period = exchange.getProperty(PERIOD, Instant.class);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, exchange.getProperty(PIPELINE, String.class));
            insert.setTimestamp(2, period == null ? null : Timestamp.from(period));
            insert.setTimestamp(3, Timestamp.from(started == null ? finished : started));
            insert.setTimestamp(4, Timestamp.from(finished));
            insert.setString(5, outcome);
            insert.setInt(6, rows);
            insert.setString(7, detail);
            insert.executeUpdate();
        }
    }

    private long elapsedMillis(Exchange exchange) {
        Instant started = exchange.getProperty(STARTED, Instant.class);
        return started == null ? 0 : Duration.between(started, clock.instant()).toMillis();
    }

    /** A failure's reason on one line: the innermost message that says something. */
    public static String oneLine(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root != failure && failure.getMessage() != null && !failure.getMessage().contains(message)) {
            message = failure.getMessage() + ": " + message;
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
