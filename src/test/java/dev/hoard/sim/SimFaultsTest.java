package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.sim.SimFaults.Malformed;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimFaultsTest {

    private static ExchangeSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = new ExchangeSimulator(0).start();
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().clear();
        sim.resetCounts();
        sim.hyperliquid().clock(Clock.fixed(Instant.parse("2025-03-14T12:34:00Z"), ZoneOffset.UTC));
    }

    @Test
    void failNextAnswersThatManyRequestsWithTheStatus() throws IOException {
        sim.faults().failNext(2, 429);

        HttpResponse<String> first = client.info("metaAndAssetCtxs");
        HttpResponse<String> second = client.info("metaAndAssetCtxs");
        HttpResponse<String> third = client.info("metaAndAssetCtxs");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.body()).isEqualTo("null");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(sim.requestCount("metaAndAssetCtxs")).isEqualTo(3);
    }

    @Test
    void failureStatusesQueueInOrderWithUpstreamLikeBodies() throws IOException {
        sim.faults().failNext(1, 500).failNext(1, 503);

        HttpResponse<String> internal = client.info("meta");
        HttpResponse<String> unavailable = client.info("meta");

        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(SimClient.json(internal).get("error").asText()).isEqualTo("Internal Server Error");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).isEqualTo("503 Service Unavailable");
        assertThat(client.info("meta").statusCode()).isEqualTo(200);
    }

    @Test
    void dropNextClosesTheConnectionWithoutAResponse() throws IOException {
        sim.faults().dropNext(1);

        assertThatThrownBy(() -> client.info("metaAndAssetCtxs")).isInstanceOf(IOException.class);
        assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(200);
        assertThat(sim.requestCount("metaAndAssetCtxs")).isEqualTo(2);
    }

    @Test
    void faultsAreConsumedDropsFirstThenStatusesThenMalformed() throws IOException {
        sim.faults().malformedNext(1, Malformed.NOT_JSON).failNext(1, 429).dropNext(1);

        assertThatThrownBy(() -> client.info("metaAndAssetCtxs")).isInstanceOf(IOException.class);
        assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(429);
        assertThat(client.info("metaAndAssetCtxs").body()).isEqualTo(HyperliquidSim.NOT_JSON_BODY);
        assertThat(parse(client.info("metaAndAssetCtxs").body()).isArray()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Malformed.class)
    void eachMalformedKindCorruptsOneMetaAndAssetCtxsResponse(Malformed kind) throws IOException {
        String normal = client.info("metaAndAssetCtxs").body();
        sim.faults().malformedNext(1, kind);

        HttpResponse<String> corrupted = client.info("metaAndAssetCtxs");

        assertThat(corrupted.statusCode()).isEqualTo(200);
        String body = corrupted.body();
        switch (kind) {
            case NOT_JSON -> assertThatThrownBy(() -> parse(body)).isInstanceOf(JsonProcessingException.class);
            case TRUNCATED -> {
                assertThat(body).isEqualTo(normal.substring(0, normal.length() / 2));
                assertThatThrownBy(() -> parse(body)).isInstanceOf(JsonProcessingException.class);
            }
            case LENGTH_MISMATCH -> {
                JsonNode json = parse(body);
                assertThat(json.get(1).size()).isEqualTo(json.get(0).get("universe").size() - 1);
            }
            case NON_NUMERIC_FUNDING -> {
                JsonNode json = parse(body);
                assertThat(json.get(1).get(1).get("funding").asText()).isEqualTo("abc");
                assertThat(json.get(1).get(0).get("funding").asText()).isNotEqualTo("abc");
            }
            case STRING_CTX -> {
                JsonNode json = parse(body);
                assertThat(json.get(1).get(2).isTextual()).isTrue();
                assertThat(json.get(1).get(2).asText()).isEqualTo("oops");
                assertThat(json.get(1).size()).isEqualTo(json.get(0).get("universe").size());
            }
            case UNIVERSE_NOT_ARRAY -> assertThat(parse(body).get(0).get("universe").isTextual()).isTrue();
        }
        assertThat(client.info("metaAndAssetCtxs").body()).isEqualTo(normal);
    }

    @Test
    void malformedMetaCarriesOnlyKindsThatFitIt() throws IOException {
        sim.faults().malformedNext(1, Malformed.UNIVERSE_NOT_ARRAY).malformedNext(1, Malformed.LENGTH_MISMATCH);

        assertThat(parse(client.info("meta").body()).get("universe").isTextual()).isTrue();
        assertThat(parse(client.info("meta").body()).get("universe").isArray()).isTrue();
        assertThat(client.info("fundingHistory").statusCode()).isEqualTo(422);
        JsonNode json = parse(client.info("metaAndAssetCtxs").body());
        assertThat(json.get(1).size()).isEqualTo(json.get(0).get("universe").size() - 1);
    }

    @Test
    void malformedCountsDown() throws IOException {
        sim.faults().malformedNext(2, Malformed.TRUNCATED);

        assertThat(isJson(client.info("meta").body())).isFalse();
        assertThat(isJson(client.info("metaAndAssetCtxs").body())).isFalse();
        assertThat(isJson(client.info("metaAndAssetCtxs").body())).isTrue();
    }

    @Test
    void latencyDelaysEveryResponse() throws IOException {
        sim.faults().latency(Duration.ofMillis(300)).failNext(1, 429);

        assertThat(timed(() -> client.info("meta"))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(timed(() -> client.info("meta"))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        sim.faults().clear();
        assertThat(sim.faults().latency()).isZero();
    }

    @Test
    void clearRemovesPendingFaults() throws IOException {
        sim.faults().dropNext(3).failNext(3, 502).malformedNext(3, Malformed.NOT_JSON).clear();

        assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(200);
        assertThat(isJson(client.info("metaAndAssetCtxs").body())).isTrue();
    }

    @Test
    void invalidKnobsAreRejected() {
        SimFaults faults = new SimFaults();
        assertThatThrownBy(() -> faults.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.failNext(-1, 429)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.dropNext(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.malformedNext(1, null)).isInstanceOf(NullPointerException.class);
    }

    private interface Call {
        HttpResponse<String> run() throws IOException;
    }

    private static Duration timed(Call call) throws IOException {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static JsonNode parse(String body) throws JsonProcessingException {
        return SimClient.MAPPER.readTree(body);
    }

    private static boolean isJson(String body) {
        try {
            parse(body);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
