package dev.hoard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.sim.HyperliquidGroundTruth.AssetCtx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /funding/… over real HTTP on platform-http, against rows written by the real pipeline. */
class FundingApiIT {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
        assertThat(hoard.takeSnapshot().getException()).isNull();
        // two earlier hours of BTC, so paging and ordering have something to work on
        hoard.execute("""
                INSERT INTO funding_rates (instrument_id, time, funding_rate)
                SELECT id, t, 0.0001 FROM instruments,
                       (VALUES (timestamptz '2026-03-04T08:00:00Z'), (timestamptz '2026-03-04T09:00:00Z')) AS v(t)
                 WHERE coin = 'BTC'""");
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void returnsTheNewestRowsInOrderWithDecimalsAsStringsAndUtcTimes() throws Exception {
        HttpResponse<String> response = get("/funding/hyperliquid/BTC/USD/perps");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("count").asInt()).isEqualTo(3);
        JsonNode data = body.get("data");
        assertThat(data.get(0).get("time").asText()).isEqualTo("2026-03-04T08:00:00Z");
        assertThat(data.get(2).get("time").asText()).isEqualTo("2026-03-04T10:00:00Z");
        AssetCtx btc = hoard.simulator.hyperliquid().groundTruth().ctx("BTC", NOW);
        assertThat(data.get(2).get("funding_rate").isTextual()).isTrue();
        assertThat(data.get(2).get("funding_rate").asText()).isEqualTo(btc.funding().toPlainString());
        assertThat(data.get(2).get("mark_price").asText()).isEqualTo(btc.markPx().toPlainString());
        assertThat(data.get(0).get("mark_price").isNull()).isTrue();
    }

    @Test
    void honoursLimitOrderAndTimeRange() throws Exception {
        JsonNode newest = JSON.readTree(get("/funding/hyperliquid/BTC/USD/perps?limit=2").body()).get("data");
        assertThat(newest).extracting(n -> n.get("time").asText()).containsExactly("2026-03-04T09:00:00Z", "2026-03-04T10:00:00Z");

        JsonNode desc = JSON.readTree(get("/funding/hyperliquid/BTC/USD/perps?order=desc&limit=1").body()).get("data");
        assertThat(desc).extracting(n -> n.get("time").asText()).containsExactly("2026-03-04T10:00:00Z");

        JsonNode range = JSON.readTree(get("/funding/hyperliquid/BTC/USD/perps?start_time=2026-03-04T08:30:00Z"
                + "&end_time=" + Instant.parse("2026-03-04T09:00:00Z").toEpochMilli()).body()).get("data");
        assertThat(range).extracting(n -> n.get("time").asText()).containsExactly("2026-03-04T09:00:00Z");

        JsonNode firstPage = JSON.readTree(get("/funding/hyperliquid/BTC/USD/perps?start_time=2026-03-04&limit=1").body()).get("data");
        assertThat(firstPage).extracting(n -> n.get("time").asText()).containsExactly("2026-03-04T08:00:00Z");
    }

    @Test
    void acceptsUsdcAsHyperliquidsQuote() throws Exception {
        assertThat(get("/funding/hyperliquid/BTC/USDC/perps").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({
        "limit=0, limit",
        "limit=5001, limit",
        "limit=ten, limit",
        "order=sideways, order",
        "start_time=yesterday, start_time",
        "end_time=2026-13-45, end_time",
        "start_time=2026-03-05&end_time=2026-03-04, end_time",
    })
    void badParametersGet400NamingTheParameter(String query, String parameter) throws Exception {
        HttpResponse<String> response = get("/funding/hyperliquid/BTC/USD/perps?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).contains(parameter);
        assertThat(body.get("detail").get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void sqlInjectionAndOversizedValuesAreRejectedNotExecuted() throws Exception {
        HttpResponse<String> injection = get("/funding/hyperliquid/BTC'%20OR%20'1'='1/USD/perps");
        assertThat(injection.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(injection.body()).get("detail").get("parameter").asText()).isEqualTo("coin");

        HttpResponse<String> oversized = get("/funding/hyperliquid/BTC/USD/perps?start_time=" + "9".repeat(1000));
        assertThat(oversized.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(oversized.body()).get("detail").get("parameter").asText()).isEqualTo("start_time");
        // past the HTTP server's own URI limit the request never reaches a route, and is still a 4xx
        assertThat(get("/funding/hyperliquid/BTC/USD/perps?start_time=" + "9".repeat(9000)).statusCode()).isEqualTo(414);
    }

    @Test
    void unknownInstrumentGets404() throws Exception {
        HttpResponse<String> response = get("/funding/hyperliquid/NOPE/USD/perps");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("NOPE");
    }

    @Test
    void neverEchoesRequestHeaders() throws Exception {
        for (String path : new String[] {"/funding/hyperliquid/BTC/USD/perps", "/funding/hyperliquid/NOPE/USD/perps",
            "/funding/hyperliquid/BTC/USD/perps?limit=0", "/health"}) {
            HttpResponse<String> response = get(path, "X-Api-Secret", "s3cr3t-token", "Authorization", "Bearer s3cr3t-bearer",
                    "Cookie", "session=s3cr3t-cookie");

            assertThat(response.headers().map().keySet()).as(path)
                    .noneMatch(name -> name.equalsIgnoreCase("X-Api-Secret") || name.equalsIgnoreCase("Authorization")
                            || name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase("Set-Cookie"));
            assertThat(response.headers().map().toString()).as(path).doesNotContain("s3cr3t");
            assertThat(response.body()).as(path).doesNotContain("s3cr3t");
        }
    }

    @Test
    void healthReportsTheDatabaseAndEachPipeline() throws Exception {
        HttpResponse<String> response = get("/health");

        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("database").get("status").asText()).isEqualTo("up");
        // this instance runs no schedules, so no pipeline is expected
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("up");
    }

    @Test
    void healthIs503UntilTheSnapshotPipelineSucceedsThen200() throws Exception {
        try (HoardHarness scheduled = HoardHarness.builder()
                .property("hoard.schedules.enabled", "true")
                .property("hoard.hyperliquid.funding-snapshot.check-period-ms", "100")
                .property("hoard.retry.max-redeliveries", "0")
                .simulator(simulator -> simulator.faults().failNext(1_000_000, 503))
                .start()) {
            HttpResponse<String> down = HTTP.send(HttpRequest.newBuilder(URI.create(scheduled.apiUrl("/health"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).get("pipelines").get("hyperliquid-funding-snapshot").get("status").asText())
                    .isEqualTo("never");

            scheduled.simulator.faults().clear();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    HTTP.send(HttpRequest.newBuilder(URI.create(scheduled.apiUrl("/health"))).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            JsonNode up = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(scheduled.apiUrl("/health"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(up.get("pipelines").get("hyperliquid-funding-snapshot").get("status").asText()).isEqualTo("ok");
            assertThat(up.get("pipelines").get("hyperliquid-funding-snapshot").get("age_seconds").asLong()).isGreaterThanOrEqualTo(0);
        }
    }
}
