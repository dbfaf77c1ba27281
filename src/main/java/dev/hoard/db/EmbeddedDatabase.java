package dev.hoard.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that Hoard starts for itself when {@code DATABASE_URL} is unset. Its cluster lives
 * under a data directory that survives restarts; durability settings stay on (fsync, full page
 * writes, synchronous commit) because the data must survive a crash.
 *
 * <p>Only Hoard stops it, and last: {@code pg_ctl} starts the postmaster in a session of its own
 * ({@code setsid}), so the terminal's Ctrl-C, sent to Hoard's process group, never reaches it; and
 * {@link dev.hoard.StopSignals} stops the job and the routes before {@link #close}. (The library's own
 * shutdown hook still stops it should the JVM exit any other way.)
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts (or restarts over its existing files) the cluster in {@code dataDirectory}. */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "50");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        LOG.debug("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(),
                dataDirectory.toAbsolutePath());
        return new EmbeddedDatabase(postgres, dataDirectory);
    }

    public DatabaseUrl url() {
        return new DatabaseUrl(postgres.getJdbcUrl(USER, DATABASE), USER, null);
    }

    public String describe() {
        return "embedded PostgreSQL on port " + postgres.getPort() + ", data in " + dataDirectory.toAbsolutePath();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        LOG.debug("Embedded PostgreSQL stopped");
    }
}
