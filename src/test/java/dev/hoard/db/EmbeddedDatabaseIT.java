package dev.hoard.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL used when DATABASE_URL is unset: migrated, durable, persistent. */
class EmbeddedDatabaseIT {

    @TempDir
    Path data;

    @Test
    void migratesKeepsFsyncOnAndKeepsDataAcrossRestarts() throws SQLException {
        HoardDatabase first = new HoardDatabase("", data, 0, 2);
        first.start();
        try {
            DataSource ds = first.dataSource();
            assertThat(setting(ds, "fsync")).isEqualTo("on");
            assertThat(setting(ds, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(ds, "full_page_writes")).isEqualTo("on");
            assertThat(query(ds, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                    .isEqualTo(String.valueOf(migrationFiles()));
            execute(ds, "INSERT INTO instruments (exchange, symbol, coin, quote, market_type, first_seen, last_seen)"
                    + " VALUES ('hyperliquid', 'BTC', 'BTC', 'USD', 'perps', now(), now())");
        } finally {
            first.stop();
        }

        HoardDatabase second = new HoardDatabase(null, data, 0, 2);
        second.start();
        try {
            assertThat(query(second.dataSource(), "SELECT coin FROM instruments")).isEqualTo("BTC");
        } finally {
            second.stop();
        }
    }

    /** Every migration in sql/, so that each new one is checked without editing this test. */
    private static long migrationFiles() {
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(DataSource ds, String name) throws SQLException {
        return query(ds, "SHOW " + name);
    }

    private static String query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
