package dev.hoard;

import dev.hoard.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database on the real PostgreSQL server the tests use: {@code HOARD_TEST_DATABASE_URL}
 * (either URL form), else the local server at 127.0.0.1:5432 as user postgres. Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

    private final DatabaseUrl server;
    private final String name;
    private final String url;

    private TestDatabase(DatabaseUrl server, String name, String url) {
        this.server = server;
        this.name = name;
        this.url = url;
    }

    public static TestDatabase create() {
        String configured = System.getProperty("hoard.test.database-url");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("HOARD_TEST_DATABASE_URL");
        }
        DatabaseUrl server = DatabaseUrl.parse(configured == null || configured.isBlank() ? DEFAULT_SERVER : configured);
        String name = "hoard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection connection = connect(server, server.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need PostgreSQL at " + server + ": " + e.getMessage(), e);
        }
        String jdbc = server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        String url = jdbc + (server.user() == null ? "" : (jdbc.contains("?") ? "&" : "?") + "user=" + server.user()
                + (server.password() == null ? "" : "&password=" + server.password()));
        return new TestDatabase(server, name, url);
    }

    /** The database's URL, in the jdbc form {@code DATABASE_URL} accepts. */
    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    private static Connection connect(DatabaseUrl server, String jdbc) throws SQLException {
        return DriverManager.getConnection(jdbc, server.user(), server.password());
    }

    @Override
    public void close() {
        try (Connection connection = connect(server, server.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + name + ": " + e.getMessage(), e);
        }
    }
}
