package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With HOARD_API_KEY set: every endpoint but health needs the key, CORS answers only configured
 * origins, and SQL injection or oversized values in every parameter of every endpoint get a 4xx.
 */
class SecurityIT {

    private static final String KEY = "s3cret-key-for-tests";
    private static final String ORIGIN = "https://app.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().clock(Clock.fixed(Instant.parse("2026-03-04T10:17:30Z"), ZoneOffset.UTC))
                .property("hoard.api.key", KEY)
                .property("hoard.api.cors-origins", ORIGIN)
                .start();
        assertThat(hoard.takeSnapshot().getException()).isNull();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyEndpointButHealthNeedsTheKey() throws Exception {
        for (String path : List.of("/funding/hyperliquid/BTC/USD/perps", "/openapi.json", "/metrics", "/jobs", "/docs",
                "/starlistings", "/export/funding/hyperliquid/BTC/USD/perps", "/metrics-data", "/api/v1/twaps?wallet=x")) {
            HttpResponse<String> none = get(path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("missing or invalid API key");
            assertThat(get(path, "X-API-Key", KEY + "x").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "X-API-Key", "").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "X-API-Key", KEY).statusCode()).as(path).isBetween(200, 299);
        }
        assertThat(get("/funding/hyperliquid/BTC/USD/perps", "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
        for (String open : List.of("/health", "/healthz", "/health/checks")) {
            assertThat(get(open).statusCode()).as(open).isIn(200, 503);
        }
    }

    @Test
    void theKeyIsNeverEchoed() throws Exception {
        HttpResponse<String> denied = get("/jobs", "X-API-Key", "wrong-key-value", "X-Probe", "probe-value");
        assertThat(denied.body()).doesNotContain("wrong-key-value");
        assertThat(denied.headers().map().toString()).doesNotContain("wrong-key-value").doesNotContain("probe-value");
        HttpResponse<String> allowed = get("/jobs", "X-API-Key", KEY, "X-Probe", "probe-value");
        assertThat(allowed.body()).doesNotContain(KEY);
        assertThat(allowed.headers().map().toString()).doesNotContain(KEY).doesNotContain("probe-value");
    }

    @Test
    void corsAnswersOnlyTheConfiguredOrigins() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl("/funding/hyperliquid/BTC/USD/perps")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "X-API-Key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(v -> assertThat(v).contains("X-API-Key"));

        HttpResponse<String> allowed = get("/funding/hyperliquid/BTC/USD/perps", "Origin", ORIGIN, "X-API-Key", KEY);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);

        HttpResponse<String> other = get("/funding/hyperliquid/BTC/USD/perps", "Origin", "https://evil.example", "X-API-Key", KEY);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void injectionAndOversizedValuesInEveryParameterOfEveryEndpointGet4xx() throws Exception {
        long candles = hoard.count("SELECT count(*) FROM candles");
        long funding = hoard.count("SELECT count(*) FROM funding_rates");
        List<String> hostile = List.of("BTC' OR '1'='1", "x'; DROP TABLE funding_rates; --", "1 UNION SELECT * FROM instruments",
                "A".repeat(5000), "99999999999999999999");
        List<String> queryParameters = List.of("start_time", "end_time", "limit", "order", "offset", "format", "source",
                "asset", "metric", "assets", "wallet", "start", "end", "latest_per_twap");

        JsonNode paths = JSON.readTree(get("/openapi.json", "X-API-Key", KEY).body()).get("paths");
        List<String> tried = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().has("get")) {
                continue;
            }
            String template = entry.getKey();
            boolean hasPathParameters = template.contains("{");
            for (String value : hostile) {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                if (hasPathParameters) {
                    // each path parameter in turn is hostile, the others valid
                    for (String parameter : parameters(template)) {
                        String path = fill(template, parameter, encoded);
                        int status = get(path, "X-API-Key", KEY).statusCode();
                        assertThat(status).as("GET %s", path).isBetween(400, 499);
                        tried.add(path);
                    }
                }
                for (String parameter : queryParameters) {
                    String path = fill(template, null, null) + "?" + parameter + "=" + encoded
                            + (template.equals("/api/v1/twaps") && !parameter.equals("wallet") ? "&wallet=0xabc" : "")
                            + (template.equals("/metrics-data/latest") && !parameter.equals("metric") ? "&metric=TVL&assets=x" : "");
                    int status = get(path, "X-API-Key", KEY).statusCode();
                    assertThat(status).as("GET %s", path).isLessThan(500);
                    if (!template.startsWith("/health") && !template.startsWith("/docs") && status >= 500) {
                        throw new AssertionError(path);
                    }
                    tried.add(path);
                }
            }
        }
        assertThat(tried).hasSizeGreaterThan(300);
        assertThat(hoard.count("SELECT count(*) FROM candles")).isEqualTo(candles);
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isEqualTo(funding);
        // a used parameter with a hostile value is refused, not ignored
        assertThat(get("/funding/hyperliquid/BTC/USD/perps?start_time=1'%20OR%201=1", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(get("/funding/hyperliquid/BTC/USD/perps?limit=99999999999", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(get("/export/funding/hyperliquid/BTC/USD/perps?format=csv%27%3B%20DROP%20TABLE%20candles", "X-API-Key", KEY).statusCode()).isEqualTo(400);
    }

    private static List<String> parameters(String template) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The template with valid values, except {@code hostileParameter} set to {@code hostile}. */
    private static String fill(String template, String hostileParameter, String hostile) {
        Map<String, String> valid = Map.of("exchange", "hyperliquid", "coin", "BTC", "quote", "USD", "market_type", "perps",
                "interval", "1m", "twap_id", "1", "file", "swagger-ui.css");
        String path = template;
        for (String parameter : parameters(template)) {
            path = path.replace("{" + parameter + "}", parameter.equals(hostileParameter) ? hostile : valid.get(parameter));
        }
        return path;
    }
}
