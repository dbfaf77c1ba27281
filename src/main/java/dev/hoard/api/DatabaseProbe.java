package dev.hoard.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Runs a health endpoint's read with a bounded wait. While the database is unreachable the pool makes
 * a caller wait for its whole connection timeout; a health answer must come sooner, so the read runs on
 * a small pool of its own and the caller gives up after {@link #WAIT}: the database is then reported
 * down. The abandoned read finishes (or fails) in the background; at most {@link #THREADS} wait at once,
 * and a probe beyond them is answered "down" at once.
 */
public final class DatabaseProbe {

    /** How long a health endpoint waits for the database. */
    public static final Duration WAIT = Duration.ofSeconds(2);
    private static final int THREADS = 4;
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "hoard-database-probe");
                thread.setDaemon(true);
                return thread;
            });

    /** Work on a read-only connection. */
    @FunctionalInterface
    public interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The read's result, or an SQLException when the database did not answer within {@link #WAIT}. */
    public <T> T read(Read<T> read) throws SQLException {
        Future<T> result;
        try {
            result = POOL.submit(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setReadOnly(true);
                    return read.apply(connection);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new SQLTransientConnectionException("earlier database probes are still waiting for a connection");
        }
        try {
            return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new SQLTransientConnectionException("no database connection within " + WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for the database");
        }
    }
}
