package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExchangeSimulatorTest {

    @Test
    void exposesItsAddressWhileRunning() {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            assertThat(sim.port()).isPositive();
            assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
            assertThat(sim.hyperliquidRestUrl()).isEqualTo(sim.baseUrl() + "/hyperliquid");
            assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeStopsServingAndIsIdempotent() throws IOException {
        ExchangeSimulator sim = new ExchangeSimulator(0).start();
        SimClient client = new SimClient(sim);
        assertThat(client.info("meta").statusCode()).isEqualTo(200);

        sim.close();
        sim.close();

        assertThatThrownBy(() -> client.info("meta")).isInstanceOf(IOException.class);
        assertThatThrownBy(sim::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsInvalidPorts() {
        assertThatThrownBy(() -> new ExchangeSimulator(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExchangeSimulator(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminStatusFaultIsServedAndReported() throws IOException {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);

            HttpResponse<String> added = client.post("/_sim/faults", "{\"status\":429,\"count\":2}");

            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(added.body()).isEqualTo(
                    "{\"latencyMs\":0,\"drops\":0,\"statuses\":[{\"status\":429,\"remaining\":2}],\"malformed\":[]}");
            assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(429);
            assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(429);
            assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void adminMalformedDropAndLatencyFaults() throws IOException {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);

            assertThat(client.post("/_sim/faults", "{\"malformed\":\"LENGTH_MISMATCH\",\"count\":1}").statusCode())
                    .isEqualTo(200);
            JsonNode body = SimClient.json(client.info("metaAndAssetCtxs"));
            assertThat(body.get(1).size()).isEqualTo(body.get(0).get("universe").size() - 1);

            assertThat(client.post("/_sim/faults", "{\"drop\":1}").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> client.info("meta")).isInstanceOf(IOException.class);

            assertThat(client.post("/_sim/faults", "{\"latencyMs\":200}").statusCode()).isEqualTo(200);
            assertThat(sim.faults().latency()).isEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void adminDeleteClearsFaults() throws IOException {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);
            client.post("/_sim/faults", "{\"status\":503,\"count\":5,\"drop\":2,\"latencyMs\":50}");

            HttpResponse<String> cleared = client.delete("/_sim/faults");

            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(cleared.body()).isEqualTo(
                    "{\"latencyMs\":0,\"drops\":0,\"statuses\":[],\"malformed\":[]}");
            assertThat(client.info("meta").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void adminStatsReportAndResetRequestCounts() throws IOException {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);
            client.info("metaAndAssetCtxs");
            client.info("metaAndAssetCtxs");
            client.info("meta");

            JsonNode stats = SimClient.json(client.get("/_sim/stats"));

            assertThat(stats.get("requests").get("metaAndAssetCtxs").asLong()).isEqualTo(2);
            assertThat(stats.get("requests").get("meta").asLong()).isEqualTo(1);
            assertThat(stats.get("faults").get("drops").asInt()).isZero();
            assertThat(client.delete("/_sim/stats").statusCode()).isEqualTo(200);
            assertThat(sim.requestCount("metaAndAssetCtxs")).isZero();
        }
    }

    @Test
    void adminRequestsBypassFaultsAndCounting() throws IOException {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);
            sim.faults().dropNext(1).failNext(1, 500);

            assertThat(client.get("/_sim/stats").statusCode()).isEqualTo(200);
            assertThat(SimClient.json(client.get("/_sim/faults")).get("drops").asInt()).isEqualTo(1);
            assertThat(SimClient.json(client.get("/_sim/stats")).get("requests").size()).isZero();
        }
    }

    @Test
    void adminRejectsInvalidFaultsWithoutApplyingAny() throws IOException {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);
            String[] invalid = {
                "not json", "[]", "{}", "{\"status\":200}", "{\"status\":\"429\"}", "{\"malformed\":\"WRONG\"}",
                "{\"drop\":-1}", "{\"latencyMs\":1.5}", "{\"statuss\":429}", "{\"latencyMs\":100,\"status\":99}"
            };
            for (String body : invalid) {
                HttpResponse<String> response = client.post("/_sim/faults", body);
                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(response.body()).as(body).isNotBlank();
            }
            assertThat(sim.faults().latency()).isZero();
            assertThat(client.info("meta").statusCode()).isEqualTo(200);
            assertThat(client.get("/_sim/nope").statusCode()).isEqualTo(404);
            assertThat(client.get("/_sim/faults").statusCode()).isEqualTo(200);
        }
    }
}
