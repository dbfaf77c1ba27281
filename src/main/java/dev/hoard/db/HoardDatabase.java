package dev.hoard.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Metrics;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import dev.hoard.HoardHome;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.Service;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database Hoard writes to: the server named by {@code DATABASE_URL}, or the embedded one.
 * Starting it opens a HikariCP pool and applies the Flyway migrations in {@code sql/}; stopping it
 * closes the pool and shuts the embedded server down cleanly. Registered as a Camel service, so it
 * starts before the routes and stops after them.
 */
public final class HoardDatabase implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(HoardDatabase.class);

    private static final String TEMP_BUFFERS = "128MB";
    private static final long DEFAULT_CONNECTION_TIMEOUT_MS = 3000;

    private final String databaseUrl;
    private final Path embeddedDataDirectory;
    private final int embeddedPort;
    private final int poolSize;
    private final long connectionTimeoutMs;
    private EmbeddedDatabase embedded;
    private HikariDataSource dataSource;
    private volatile String description = "not started";
    private DataSource reconnecting;

    public HoardDatabase(String databaseUrl, Path embeddedDataDirectory, int embeddedPort, int poolSize) {
        this(databaseUrl, embeddedDataDirectory, embeddedPort, poolSize, DEFAULT_CONNECTION_TIMEOUT_MS);
    }

    /**
     * @param connectionTimeoutMs how long a caller waits for a pooled connection: while the database is
     *                            down, how long a write or an API request waits before it fails (and is
     *                            held, or answered 503); see {@link ReconnectingDataSource} for the way back
     */
    public HoardDatabase(String databaseUrl, Path embeddedDataDirectory, int embeddedPort, int poolSize,
                         long connectionTimeoutMs) {
        this.databaseUrl = databaseUrl;
        this.embeddedDataDirectory = embeddedDataDirectory;
        this.embeddedPort = embeddedPort;
        this.poolSize = poolSize;
        this.connectionTimeoutMs = connectionTimeoutMs;
    }

    @Override
    public synchronized void start() {
        if (dataSource != null) {
            return;
        }
        try {
            DatabaseUrl url;
            if (databaseUrl == null || databaseUrl.isBlank()) {
                embedded = EmbeddedDatabase.start(embeddedDataDirectory, embeddedPort);
                url = embedded.url();
            } else {
                url = DatabaseUrl.parse(databaseUrl);
            }
            dataSource = openPool(url);
            reconnecting = new ReconnectingDataSource(dataSource, url, 2);
            migrate(dataSource);
            description = embedded != null ? embedded.describe()
                    : url.jdbcUrl().replaceAll("(?i)(password=)[^&]*", "$1***");
            LOG.debug("Database ready: {}", url);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Database unavailable: " + e.getMessage(), e);
        }
    }

    private HikariDataSource openPool(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName());
        // JMX (com.zaxxer.hikari:type=Pool (hoard), for Hawtio and Jolokia) and hikaricp_connections_* on /metrics
        config.setRegisterMbeans(true);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(Metrics.globalRegistry));
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(connectionTimeoutMs);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "hoard");
        // The bulk writer stages rows in a temp table: let a session keep a large batch in memory.
        config.addDataSourceProperty("options", "-c temp_buffers=" + TEMP_BUFFERS);
        return new HikariDataSource(config);
    }

    /** {@code hoard}, or {@code hoard-2}, … while another pool of this JVM holds that JMX name (tests run several). */
    private static String poolName() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int n = 1; ; n++) {
            String name = n == 1 ? "hoard" : "hoard-" + n;
            try {
                if (!server.isRegistered(new ObjectName("com.zaxxer.hikari:type=Pool (" + name + ")"))) {
                    return name;
                }
            } catch (MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(HoardHome.flywayLocation("sql"))
                .load()
                .migrate();
    }

    /** Which database this is, for people: the embedded one and its files, or the URL without its password. */
    public String describe() {
        return description;
    }

    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("database not started");
        }
        return reconnecting;
    }

    @Override
    public synchronized void stop() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
            reconnecting = null;
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
            embedded = null;
        }
    }
}
