package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoard demo} started outside the checkout, as a newcomer does: it finds the catalog packaged in
 * Hoard and subscribes to it, says what a person needs in one ready block within about 40 lines, gives
 * only JSON lines with HOARD_LOG_FORMAT=json, and stops in order on SIGTERM.
 */
class ServiceStartIT {

    private static final int MAX_LINES = 40;

    @TempDir
    Path outsideTheCheckout;
    private TestDatabase database;

    @BeforeEach
    void database() {
        database = TestDatabase.create();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    private HoardProcess.Running demo(int port, Map<String, String> extra) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("DATABASE_URL", database.url());
        env.put("HOARD_HTTP_PORT", String.valueOf(port));
        return HoardProcess.start(outsideTheCheckout, env, false, "demo");
    }

    @Test
    void aDemoOutsideTheCheckoutSubscribesToThePackagedCatalogAndPrintsOneReadyBlock() throws Exception {
        int port = HoardHarness.freePort();
        try (HoardProcess.Running demo = demo(port, Map.of())) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> demo.stdout().contains("Hoard is ready")
                    || !demo.process.isAlive());
            // a few seconds on: the first gap repairs and pulls have reported
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> demo.stdout().contains("Gap repair of hyperliquid")
                    && demo.stdout().contains("Gap repair of binance"));
            String out = demo.stdout();
            List<String> lines = out.lines().toList();
            assertThat(lines).as(out).hasSizeLessThanOrEqualTo(MAX_LINES);
            assertThat(out).doesNotContain("HTTP endpoints summary", "|-INFO", "Started api-", "Auto-configuration summary");
            assertThat(out).contains("Hoard is ready: ", "API        http://localhost:" + port + "/",
                    "docs http://localhost:" + port + "/docs", "Database   jdbc:postgresql://",
                    "Catalog    config/starlistings.yaml (the copy packaged in Hoard", "Schedules  funding snapshot hourly",
                    "Simulator  http://127.0.0.1:");
            assertThat(out).containsPattern("Live +hyperliquid 3 instrument\\(s\\), 16 subscription\\(s\\) on 1 connection\\(s\\);"
                    + " binance 2 instrument\\(s\\), \\d+ subscription\\(s\\)");
            assertThat(demo.stderr()).isEmpty();

            HttpResponse<String> sync = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/starlistings/sync")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(sync.body()).get("entries").asInt()).isEqualTo(5);

            demo.process.destroy(); // SIGTERM: the routes stop, then the database, then the process exits 128 + 15
            demo.awaitExit(Duration.ofSeconds(60));
            assertThat(demo.process.exitValue()).isEqualTo(143);
        }
    }

    @Test
    void theJsonLogFormatGivesOnlyJsonLines() throws Exception {
        try (HoardProcess.Running demo = demo(HoardHarness.freePort(), Map.of("HOARD_LOG_FORMAT", "json"))) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> demo.stdout().contains("Hoard is ready")
                    || !demo.process.isAlive());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> demo.stdout().contains("Gap repair of hyperliquid"));
            ObjectMapper json = new ObjectMapper();
            List<String> lines = demo.stdout().lines().toList();
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(json.readTree(line).has("level")).as(line).isTrue());
            assertThat(lines).anySatisfy(line -> assertThat(json.readTree(line).get("formattedMessage").asText())
                    .startsWith("Hoard is ready").contains("\n  Catalog "));
            assertThat(demo.stderr()).isEmpty();
        }
    }
}
