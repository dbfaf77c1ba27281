package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jolokia agent as Hawtio (and docker-compose.yml) use it: behind basic authentication, it lists the
 * Camel route MBeans by route id, their exchange counts move as the routes work, and HikariCP's pool MBean
 * is there.
 */
class JolokiaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("hawtio:s3cret".getBytes(StandardCharsets.UTF_8));
    private static HoardHarness hoard;
    private static String jolokia;

    @BeforeAll
    static void start() throws Exception {
        int port = HoardHarness.freePort();
        jolokia = "http://127.0.0.1:" + port + "/jolokia";
        hoard = HoardHarness.builder()
                .property("hoard.jolokia.enabled", "true")
                .property("hoard.jolokia.port", String.valueOf(port))
                .property("hoard.jolokia.user", "hawtio")
                .property("hoard.jolokia.password", "s3cret")
                .start();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    private static JsonNode jolokia(Map<String, Object> request) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(jolokia + "/"))
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).as(response.body()).isEqualTo(200);
        return body.get("value");
    }

    private static long exchangesTotal(String routeMBean) throws Exception {
        return jolokia(Map.of("type", "read", "mbean", routeMBean, "attribute", "ExchangesTotal")).asLong();
    }

    @Test
    void withoutCredentialsTheAgentAnswers401() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(jolokia + "/version")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void routeMBeansAreListedByRouteIdAndTheirExchangeCountsMove() throws Exception {
        List<String> routes = new ArrayList<>();
        jolokia(Map.of("type", "search", "mbean", "org.apache.camel:context=hoard,type=routes,*"))
                .forEach(name -> routes.add(name.asText()));
        List<String> routeIds = routes.stream().map(n -> n.replaceAll(".*name=\"([^\"]+)\".*", "$1")).toList();
        assertThat(routeIds).contains("api-health", "api-candles", "hyperliquid-funding-snapshot", "binance-rest-call");
        assertThat(routeIds).hasSameSizeAs(hoard.context().getRoutes());

        String health = routes.get(routeIds.indexOf("api-health"));
        long before = exchangesTotal(health);
        for (int i = 0; i < 3; i++) {
            HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl("/health"))).build(), HttpResponse.BodyHandlers.discarding());
        }
        assertThat(exchangesTotal(health)).isEqualTo(before + 3);

        String snapshot = routes.get(routeIds.indexOf("hyperliquid-funding-snapshot"));
        long snapshots = exchangesTotal(snapshot);
        assertThat(hoard.takeSnapshot().getException()).isNull();
        assertThat(exchangesTotal(snapshot)).isEqualTo(snapshots + 1);
        assertThat(jolokia(Map.of("type", "read", "mbean", snapshot, "attribute", "State")).asText()).isEqualTo("Started");
    }

    @Test
    void theConnectionPoolHasItsMBean() throws Exception {
        JsonNode pools = jolokia(Map.of("type", "search", "mbean", "com.zaxxer.hikari:type=Pool *"));
        assertThat(pools).isNotEmpty();
        JsonNode pool = jolokia(Map.of("type", "read", "mbean", pools.get(0).asText()));
        assertThat(pool.get("TotalConnections").asInt()).isPositive();
    }
}
