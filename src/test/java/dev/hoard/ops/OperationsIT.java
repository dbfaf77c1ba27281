package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operations surface over real HTTP: OpenAPI and /docs, Prometheus, Camel health checks (Jolokia: JolokiaIT). */
class OperationsIT {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOpenApiDocumentDescribesEveryRestRoute() throws Exception {
        HttpResponse<String> response = get(hoard.apiUrl("/openapi.json"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(response.body()).get("paths");

        List<RestDefinition> rests = ((ModelCamelContext) hoard.context()).getRestDefinitions();
        List<String> described = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() == null ? "" : rest.getPath()) + verb.getPath();
                assertThat(paths.has(path)).as("OpenAPI describes %s", path).isTrue();
                assertThat(paths.get(path).has(verb.asVerb())).as("OpenAPI describes %s %s", verb.asVerb(), path).isTrue();
                described.add(path);
            }
        }
        assertThat(described).contains("/health", "/funding/{exchange}/{coin}/{quote}/{market_type}",
                "/export/merged/{exchange}/{coin}/{quote}/{market_type}/{interval}", "/jobs", "/metrics",
                "/health/checks", "/api/v1/twaps", "/metrics-data", "/starlistings/sync");
        assertThat(paths.get("/candles/{exchange}/{coin}/{quote}/{market_type}/{interval}").get("get")
.toString()).contains("Candles of one instrument");
    }

    @Test
    void docsServeSwaggerUiOverTheOpenApiDocument() throws Exception {
        HttpResponse<String> page = get(hoard.apiUrl("/docs"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("/openapi.json", "/docs/swagger-ui-bundle.js");

        HttpResponse<String> bundle = get(hoard.apiUrl("/docs/swagger-ui-bundle.js"));
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        assertThat(get(hoard.apiUrl("/docs/pom.xml")).statusCode()).isEqualTo(404);
    }

    @Test
    void prometheusMetricsCoverRoutesRowsWrittenAndRateLimits() throws Exception {
        hoard.simulator.faults().failNext(1, 429);
        assertThat(hoard.takeSnapshot().getException()).isNull();
        assertThat(get(hoard.apiUrl("/health")).statusCode()).isEqualTo(200);
        assertThat(get(hoard.apiUrl("/funding/hyperliquid/NOPE/USD/perps")).statusCode()).isEqualTo(404);

        HttpResponse<String> response = get(hoard.apiUrl("/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String metrics = response.body();
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*route_id=\"api-health\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("camel_exchanges_failures_handled_total\\{[^}]*route_id=\"api-funding\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("hoard_rows_written_total\\{table=\"funding_rates\"} [1-9]");
        assertThat(metrics).containsPattern(
                "hoard_ratelimit_rejections_total\\{upstream=\"hyperliquid\"} [1-9]");
        assertThat(metrics).containsPattern("hoard_ratelimit_weight_used\\{upstream=\"hyperliquid\"}");
        assertThat(metrics).contains("hoard_ratelimit_waits_total{upstream=\"hyperliquid\"}");
    }

    @Test
    void healthChecksCoverRoutesAndTheDatabaseAndHealthUsesThem() throws Exception {
        HttpResponse<String> response = get(hoard.apiUrl("/health/checks"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("checks")).anySatisfy(c -> {
            assertThat(c.get("id").asText()).isEqualTo("database");
            assertThat(c.get("state").asText()).isEqualTo("UP");
        });
        assertThat(body.get("checks")).anySatisfy(c -> assertThat(c.get("id").asText()).isEqualTo("streams"));
        assertThat(body.get("checks")).anySatisfy(c -> assertThat(c.get("id").asText()).startsWith("route"));

        JsonNode health = JSON.readTree(get(hoard.apiUrl("/health")).body());
        assertThat(health.at("/checks/database").asText()).isEqualTo("UP");
        assertThat(health.at("/database/status").asText()).isEqualTo("up");
    }
}
