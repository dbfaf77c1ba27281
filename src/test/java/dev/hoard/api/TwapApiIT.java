package dev.hoard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.upstream.twap.NodeParquetWriter;
import dev.hoard.upstream.twap.NodeParquetWriter.Row;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /api/v1/twaps, /api/v1/twaps/{twap_id} and /healthz over real HTTP, on rows ingested from a local file. */
class TwapApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String WALLET = "0x2222222222222222222222222222222222222222";
    private static final int TWAPS = 7;
    private static HoardHarness hoard;
    private static Path file;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().start();
        file = Files.createTempFile("twap-api-", ".parquet");
        try (NodeParquetWriter writer = new NodeParquetWriter(file, CompressionCodecName.GZIP)) {
            for (int i = 1; i <= TWAPS; i++) {
                String coin = i % 2 == 0 ? "ETH" : "BTC";
                String hour = String.format("2026-07-09T%02d", 10 + i);
                writer.write(new Row(i, hour + ":00:00", coin, WALLET, "B", "10", "0", "0", 30, false, false,
                        1752000000000L, "activated", 1));
                writer.write(new Row(i, hour + ":30:00", coin, WALLET, "B", "10", "10", "2500." + i, 30, false, false,
                        1752000000000L, i == 5 ? "{\"error\":\"Insufficient margin\"}" : "finished", 2));
            }
            writer.write(new Row(100, "2026-07-09T12:00:00", "BTC", "0x3333333333333333333333333333333333333333", "A",
                    "1", "1", "1", 5, true, true, 1752000000000L, "finished", 3));
        }
        Exchange ingest = hoard.context().createProducerTemplate().send("direct:twap-local-file",
                e -> e.getMessage().setBody(file));
        assertThat(ingest.getException()).isNull();
    }

    @AfterAll
    static void stop() throws IOException {
        hoard.close();
        Files.deleteIfExists(file);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void listsAWalletsTwapsNewestFirstInTheSeedsShape() throws Exception {
        JsonNode body = getJson("/api/v1/twaps?wallet=" + WALLET);

        assertThat(body.fieldNames()).toIterable().containsExactly("wallet", "start", "end", "twaps");
        assertThat(body.get("wallet").asText()).isEqualTo(WALLET);
        assertThat(body.get("start").isNull()).isTrue();
        JsonNode twaps = body.get("twaps");
        assertThat(twaps).extracting(t -> t.get("twap_id").asLong()).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        JsonNode newest = twaps.get(0);
        assertThat(newest.fieldNames()).toIterable().containsExactly("twap_id", "asset", "side", "status",
                "duration_minutes", "latest_ts", "executed", "raw");
        assertThat(newest.get("asset").asText()).isEqualTo("BTC");
        assertThat(newest.get("side").asText()).isEqualTo("B");
        assertThat(newest.get("status").asText()).isEqualTo("finished");
        assertThat(newest.get("duration_minutes").asInt()).isEqualTo(30);
        assertThat(newest.get("latest_ts").asText()).isEqualTo("2026-07-09T17:30:00Z");
        assertThat(newest.get("executed").get("size").asText()).isEqualTo("10");
        assertThat(newest.get("executed").get("notional").asText()).isEqualTo("2500.7");
        assertThat(newest.get("raw").get("block_number").asInt()).isEqualTo(2);
        JsonNode failed = twaps.get(2);
        assertThat(failed.get("status").asText()).isEqualTo("error");
        assertThat(failed.get("raw").get("status").get("error").asText()).isEqualTo("Insufficient margin");
    }

    @Test
    void pagesThroughMoreTwapsThanOnePageWithoutOverlap() throws Exception {
        Set<Long> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        for (int offset = 0; offset < 9; offset += 3) {
            JsonNode twaps = getJson("/api/v1/twaps?wallet=" + WALLET + "&limit=3&offset=" + offset).get("twaps");
            pageSizes.add(twaps.size());
            twaps.forEach(t -> assertThat(seen.add(t.get("twap_id").asLong())).as("seen once").isTrue());
        }
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void filtersByAssetAndTimeAndCanReturnEveryStatusRow() throws Exception {
        JsonNode eth = getJson("/api/v1/twaps?wallet=" + WALLET + "&asset=ETH").get("twaps");
        assertThat(eth).extracting(t -> t.get("twap_id").asLong()).containsExactly(6L, 4L, 2L);

        JsonNode window = getJson("/api/v1/twaps?wallet=" + WALLET
                + "&start=2026-07-09T12:00:00Z&end=2026-07-09T12:59:59Z&latest_per_twap=false").get("twaps");
        assertThat(window).extracting(t -> t.get("twap_id").asLong() + " " + t.get("status").asText()
                + " " + t.get("latest_ts").asText())
                .containsExactly("2 finished 2026-07-09T12:30:00Z", "2 activated 2026-07-09T12:00:00Z");

        JsonNode latestInWindow = getJson("/api/v1/twaps?wallet=" + WALLET
                + "&start=2026-07-09T12:00:00Z&end=2026-07-09T12:10:00Z").get("twaps");
        assertThat(latestInWindow).extracting(t -> t.get("status").asText()).containsExactly("activated");

        assertThat(getJson("/api/v1/twaps?wallet=" + WALLET + "&latest_per_twap=false").get("twaps")).hasSize(2 * TWAPS);
        assertThat(getJson("/api/v1/twaps?wallet=0xnobody").get("twaps")).isEmpty();
    }

    @Test
    void oneTwapsRowsComeNewestFirstAndAnUnknownOneIs404() throws Exception {
        JsonNode body = getJson("/api/v1/twaps/3");
        assertThat(body.get("twap_id").asLong()).isEqualTo(3);
        assertThat(body.get("rows")).extracting(r -> r.get("status").asText()).containsExactly("finished", "activated");
        assertThat(body.get("rows").get(0).get("wallet").asText()).isEqualTo(WALLET);
        assertThat(body.get("rows").get(0).get("s3_object_key").asText()).isEqualTo(file.toAbsolutePath().normalize().toString());
        assertThat(getJson("/api/v1/twaps/3?limit=1&offset=1").get("rows"))
                .extracting(r -> r.get("status").asText()).containsExactly("activated");

        HttpResponse<String> missing = get("/api/v1/twaps/999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("999999");
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/twaps, wallet",
        "/api/v1/twaps?wallet=0x1&limit=0, limit",
        "/api/v1/twaps?wallet=0x1&offset=-1, offset",
        "/api/v1/twaps?wallet=0x1&latest_per_twap=maybe, latest_per_twap",
        "/api/v1/twaps?wallet=0x1&start=yesterday, start",
        "/api/v1/twaps?wallet=0x1&start=2026-07-10&end=2026-07-09, end",
        "/api/v1/twaps?wallet=0x1'--, wallet",
        "/api/v1/twaps?wallet=0x1&asset=BTC%3B, asset",
        "/api/v1/twaps/abc, twap_id",
    })
    void badParametersGet400NamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("detail").get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("error").asText()).contains(parameter);
    }

    @Test
    void healthzReportsTheDatabaseAndTheLastIngestedObjectLocalFilesIncluded() throws Exception {
        JsonNode body = getJson("/healthz");

        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("database").asText()).isEqualTo("ok");
        assertThat(body.get("last_ingested_object").asText()).isEqualTo(file.toAbsolutePath().normalize().toString());
        assertThat(body.get("last_ingested_at").asText()).endsWith("Z");
        // /health is still there, unchanged
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }
}
