package dev.hoard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API while its database cannot be reached: Hoard's database stops accepting connections and its
 * sessions are terminated (the shared test server itself keeps running, as do the other tests'
 * databases). A query answers 503 naming the database with Retry-After, and the health endpoints
 * answer JSON 503 within a few seconds rather than after the pool's timeout.
 */
class DatabaseOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness hoard;

    @BeforeAll
    static void startAndCutTheDatabase() throws Exception {
        hoard = HoardHarness.builder().start();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        String name = databaseName();
        onServer("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        onServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        // the pool lets go of its (now dead) connections, as it does once it has tried them: from here on
        // every request waits for a new connection that the server refuses
        HikariPoolMXBean pool = hoard.bean("dataSource", DataSource.class).unwrap(HikariDataSource.class).getHikariPoolMXBean();
        pool.softEvictConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getTotalConnections() == 0);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            onServer("ALTER DATABASE " + databaseName() + " ALLOW_CONNECTIONS true");
        } finally {
            hoard.close();
        }
    }

    private static String databaseName() {
        return hoard.database.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
    }

    /** A statement on the server's maintenance database, as the same user the tests use. */
    private static void onServer(String sql) throws Exception {
        String url = hoard.database.url().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aQueryAnswers503NamingTheDatabaseWithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/candles/hyperliquid/BTC/USD/perps/1m");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue(ApiResponses.DATABASE_RETRY_AFTER_SECONDS);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("database unavailable");
        assertThat(error.at("/detail/dependency").asText()).isEqualTo("database");
        assertThat(error.at("/detail/reason").asText()).isEqualTo("no connection available in time");
        assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain(databaseName());
    }

    @Test
    void healthAnswersJson503WithTheDatabaseDownQuickly() throws Exception {
        for (String path : java.util.List.of("/health", "/healthz")) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(path);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(took).as(path + " answered in").isLessThan(DatabaseProbe.WAIT.plusSeconds(2));
            JsonNode body = JSON.readTree(response.body());
            if (path.equals("/health")) {
                assertThat(body.at("/database/status").asText()).isEqualTo("down");
            } else {
                assertThat(body.get("status").asText()).isEqualTo("error");
            }
        }
    }
}
