package dev.hoard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters whose values live in the database, so that they cover every process and survive restarts:
 * per-series candle lag, each pipeline's age since its last success, dead letters by source, and the
 * progress of every process's jobs. They are read when {@code /metrics} is scraped, at most once per
 * {@code refreshEvery}, on a thread of their own with a statement timeout; a scrape waits for that
 * read at most {@link #SCRAPE_WAIT} and otherwise answers with the previous values (the ages keep
 * counting), so a slow or absent database never stalls the scrape. No scrape, no query.
 */
public final class DatabaseMetrics extends ServiceSupport {

    /** The longest a scrape waits for the database's values. */
    static final Duration SCRAPE_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMetrics.class);

    /** One group of meters read from the database. */
    interface Source {
        /** Reads the current values with {@code connection} (read-only, under a statement timeout). */
        void refresh(Connection connection) throws SQLException;

        /** Removes this source's meters (the application is stopping). */
        void remove();
    }

    private final DataSource dataSource;
    private final Duration refreshEvery;
    private final List<Source> sources;
    private final Counter failures;
    private ExecutorService executor;
    private CompletableFuture<Void> refreshing;
    private long refreshedAtNanos;
    private boolean refreshed;

    public DatabaseMetrics(DataSource dataSource, Duration refreshEvery, MeterRegistry meters, List<Source> sources) {
        this.dataSource = dataSource;
        this.refreshEvery = refreshEvery;
        this.sources = List.copyOf(sources);
        this.failures = Counter.builder("hoard.metrics.refresh.failures")
                .description("reads of the database-backed meters that failed (their values are then older)")
                .register(meters);
    }

    /** Reads the database's values if they are older than {@code refreshEvery}, waiting at most {@link #SCRAPE_WAIT}. */
    public void refreshIfStale() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            if (executor == null) {
                return;
            }
            if (refreshing == null && (!refreshed || System.nanoTime() - refreshedAtNanos >= refreshEvery.toNanos())) {
                refreshing = CompletableFuture.runAsync(this::refreshNow, executor);
            }
            pending = refreshing;
        }
        if (pending != null) {
            try {
                pending.get(SCRAPE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.debug("Database-backed meters still being read; scraping their previous values");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("Database-backed meters not read", e);
            }
        }
    }

    private void refreshNow() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL statement_timeout = '5s'");
            }
            try {
                for (Source source : sources) {
                    source.refresh(connection);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            LOG.debug("Database-backed meters not read: {}", e.getMessage());
        } finally {
            synchronized (this) {
                refreshing = null;
                refreshed = true;
                refreshedAtNanos = System.nanoTime();
            }
        }
    }

    @Override
    protected synchronized void doStart() {
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hoard-metrics-database");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected void doStop() {
        synchronized (this) {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
        sources.forEach(Source::remove);
    }
}
