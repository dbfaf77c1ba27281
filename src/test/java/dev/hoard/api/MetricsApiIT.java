package dev.hoard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.pipeline.PullPlanner;
import dev.hoard.sim.MetricsGroundTruth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /metrics-data, /metrics-data/latest and /sources over real HTTP, on rows the real DefiLlama pull wrote. */
class MetricsApiIT {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        Path catalog = Files.createTempFile("defillama", ".csv");
        catalog.toFile().deleteOnExit();
        Files.writeString(catalog, "asset,kind,metric,enabled,backfill_start,canonical_asset\n"
                + "Hyperliquid L1,chain,TVL,true,2026-03-01,HYPE\nSolana,chain,TVL,true,2026-03-01,SOL\n");
        hoard = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .property("hoard.defillama.catalog", catalog.toString()).start();
        Object failure = hoard.context().createProducerTemplate().send("direct:defillama-pull",
                e -> e.getMessage().setHeader(PullPlanner.MODE, "live")).getException();
        assertThat(failure).isNull();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).header("X-Api-Key", "s3cr3t").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void returnsTheNewestRowsInOrderWithExactDecimalStrings() throws Exception {
        HttpResponse<String> response = get("/metrics-data?source=defillama&asset=Hyperliquid%20L1&metric=tvl&limit=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().toString()).doesNotContain("s3cr3t");
        JsonNode data = JSON.readTree(response.body()).get("data");
        assertThat(data).extracting(n -> n.get("time").asText()).containsExactly("2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z");
        assertThat(data.get(0).get("value").isTextual()).isTrue();
        assertThat(data.get(0).get("value").asText()).isEqualTo(
                new MetricsGroundTruth().daily("tvl:Hyperliquid L1", LocalDate.parse("2026-03-03")).toPlainString());
        assertThat(data.get(0).get("metric").asText()).isEqualTo("TVL");
    }

    @Test
    void honoursStartEndAndOrder() throws Exception {
        JsonNode data = JSON.readTree(get("/metrics-data?asset=Solana&start=2026-03-01&end=2026-03-02&order=desc").body())
                .get("data");
        assertThat(data).extracting(n -> n.get("time").asText()).containsExactly("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z");
    }

    @Test
    void latestGivesEachAssetsNewestValue() throws Exception {
        JsonNode body = JSON.readTree(get("/metrics-data/latest?metric=TVL&assets=Solana,Hyperliquid%20L1,Nowhere").body());

        assertThat(body.get("count").asInt()).isEqualTo(2);
        assertThat(body.get("data")).allSatisfy(row -> assertThat(row.get("time").asText()).isEqualTo("2026-03-04T00:00:00Z"));
    }

    @Test
    void sourcesCountRecordsAssetsAndTimes() throws Exception {
        JsonNode source = JSON.readTree(get("/sources").body()).get("sources").get("defillama");

        assertThat(source.get("records").asLong()).isEqualTo(8);
        assertThat(source.get("assets").asLong()).isEqualTo(2);
        assertThat(source.get("earliest").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(source.get("latest").asText()).isEqualTo("2026-03-04T00:00:00Z");
    }

    @ParameterizedTest
    @CsvSource({
        "/metrics-data?limit=0, limit",
        "/metrics-data?order=up, order",
        "/metrics-data?start=soon, start",
        "/metrics-data?start=2026-03-04&end=2026-03-01, end",
        "/metrics-data?asset=a%27%3B%20DROP%20TABLE%20metrics, asset",
        "/metrics-data/latest, metric",
        "/metrics-data/latest?metric=TVL&assets=a%3Bb, assets",
    })
    void badParametersGet400NamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("detail").get("parameter").asText()).isEqualTo(parameter);
    }
}
