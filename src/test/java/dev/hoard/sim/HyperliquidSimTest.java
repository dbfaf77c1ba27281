package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.sim.HyperliquidGroundTruth.AssetCtx;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HyperliquidSimTest {

    private static final Instant PINNED = Instant.parse("2025-03-14T12:34:00Z");
    private static final List<String> CTX_FIELDS = List.of("funding", "openInterest", "prevDayPx", "dayNtlVlm",
            "premium", "oraclePx", "markPx", "midPx", "impactPxs", "dayBaseVlm");

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
        pin(PINNED);
    }

    @Test
    void metaListsTheUniverseInApiKeyOrder() throws IOException {
        HttpResponse<String> response = client.info("meta");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).startsWith(
                "{\"universe\":[{\"szDecimals\":5,\"name\":\"BTC\",\"maxLeverage\":40,\"marginTableId\":40},");
        assertThat(response.body()).contains(
                "{\"szDecimals\":1,\"name\":\"FTT\",\"maxLeverage\":3,\"marginTableId\":3,"
                        + "\"onlyIsolated\":true,\"isDelisted\":true}");
        JsonNode meta = SimClient.json(response);
        assertThat(names(meta.get("universe"))).containsExactlyElementsOf(sim.hyperliquid().groundTruth().coins());
        assertThat(meta.get("universe").get(0).has("isDelisted")).isFalse();
        JsonNode firstTable = meta.get("marginTables").get(0);
        assertThat(firstTable.get(0).isInt()).isTrue();
        assertThat(firstTable.get(1).get("marginTiers").get(0).get("lowerBound").asText()).isEqualTo("0.0");
    }

    @Test
    void metaAndAssetCtxsHasTheDocumentedShape() throws IOException {
        HttpResponse<String> response = client.info("metaAndAssetCtxs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.isArray()).isTrue();
        assertThat(body.size()).isEqualTo(2);
        JsonNode universe = body.get(0).get("universe");
        JsonNode ctxs = body.get(1);
        assertThat(ctxs.size()).isEqualTo(universe.size()).isEqualTo(13);
        for (int i = 0; i < ctxs.size(); i++) {
            JsonNode ctx = ctxs.get(i);
            String coin = universe.get(i).get("name").asText();
            assertThat(fieldNames(ctx)).as(coin).containsExactlyElementsOf(CTX_FIELDS);
            for (String field : CTX_FIELDS) {
                JsonNode value = ctx.get(field);
                if (field.equals("impactPxs")) {
                    assertThat(value.isNull() || value.isArray() && value.size() == 2 && value.get(0).isTextual())
                            .as(coin + " impactPxs").isTrue();
                } else {
                    assertThat(value.isTextual() || value.isNull()).as(coin + " " + field).isTrue();
                }
            }
        }
    }

    @Test
    void illiquidAndDelistedCoinsHaveNullBookFields() throws IOException {
        JsonNode body = SimClient.json(client.info("metaAndAssetCtxs"));
        List<String> coins = names(body.get(0).get("universe"));
        for (String coin : List.of("FTT", "LUNA", "MAVIA")) {
            JsonNode ctx = body.get(1).get(coins.indexOf(coin));
            assertThat(ctx.get("midPx").isNull()).as(coin).isTrue();
            assertThat(ctx.get("premium").isNull()).as(coin).isTrue();
            assertThat(ctx.get("impactPxs").isNull()).as(coin).isTrue();
        }
        JsonNode ftt = body.get(1).get(coins.indexOf("FTT"));
        assertThat(ftt.get("funding").asText()).isEqualTo("0.0");
        assertThat(ftt.get("dayNtlVlm").asText()).isEqualTo("0.0");
        assertThat(body.get(0).get("universe").get(coins.indexOf("LUNA")).get("isDelisted").asBoolean()).isTrue();
    }

    @Test
    void contextsEqualTheGroundTruthAtThePinnedMinute() throws IOException {
        pin(PINNED.plusSeconds(42));
        JsonNode body = SimClient.json(client.info("metaAndAssetCtxs"));
        HyperliquidGroundTruth truth = sim.hyperliquid().groundTruth();

        List<String> coins = names(body.get(0).get("universe"));
        for (int i = 0; i < coins.size(); i++) {
            AssetCtx expected = truth.ctx(coins.get(i), PINNED);
            JsonNode ctx = body.get(1).get(i);
            assertThat(ctx.get("funding").asText()).isEqualTo(expected.funding().toPlainString());
            assertThat(ctx.get("openInterest").asText()).isEqualTo(expected.openInterest().toPlainString());
            assertThat(ctx.get("prevDayPx").asText()).isEqualTo(expected.prevDayPx().toPlainString());
            assertThat(ctx.get("dayNtlVlm").asText()).isEqualTo(expected.dayNtlVlm().toPlainString());
            assertThat(ctx.get("oraclePx").asText()).isEqualTo(expected.oraclePx().toPlainString());
            assertThat(ctx.get("markPx").asText()).isEqualTo(expected.markPx().toPlainString());
            assertThat(ctx.get("dayBaseVlm").asText()).isEqualTo(expected.dayBaseVlm().toPlainString());
            assertThat(decimalOrNull(ctx.get("midPx"))).isEqualTo(expected.midPx());
            assertThat(decimalOrNull(ctx.get("premium"))).isEqualTo(expected.premium());
            if (expected.impactBid() != null) {
                assertThat(ctx.get("impactPxs").get(0).asText()).isEqualTo(expected.impactBid().toPlainString());
                assertThat(ctx.get("impactPxs").get(1).asText()).isEqualTo(expected.impactAsk().toPlainString());
            }
        }
    }

    @Test
    void responsesAreStableWithinAMinuteAndMoveAcrossMinutes() throws IOException {
        String first = client.info("metaAndAssetCtxs").body();
        pin(PINNED.plusSeconds(59));
        String sameMinute = client.info("metaAndAssetCtxs").body();
        pin(PINNED.plusSeconds(60));
        String nextMinute = client.info("metaAndAssetCtxs").body();

        assertThat(sameMinute).isEqualTo(first);
        assertThat(nextMinute).isNotEqualTo(first);
    }

    @Test
    void unknownTypeOrBadBodyGets422TextPlain() throws IOException {
        List<HttpResponse<String>> responses = List.of(
                client.info("fundingHistoryy"),
                client.post("/hyperliquid/info", "not json"),
                client.post("/hyperliquid/info", "{\"coin\":\"BTC\"}"),
                client.post("/hyperliquid/info", "{\"type\":7}"),
                client.post("/hyperliquid/info", ""));

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body()).isEqualTo("Failed to deserialize the JSON body into the target type");
        }
    }

    @Test
    void otherPathsAndMethodsAreRejected() throws IOException {
        assertThat(client.get("/hyperliquid/info").statusCode()).isEqualTo(405);
        assertThat(client.post("/hyperliquid/exchange", "{}").statusCode()).isEqualTo(404);
        assertThat(client.post("/info", "{\"type\":\"meta\"}").statusCode()).isEqualTo(404);
        assertThat(client.post("/hyperliquidx/info", "{\"type\":\"meta\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void requestsAreCountedByType() throws IOException {
        client.info("metaAndAssetCtxs");
        client.info("metaAndAssetCtxs");
        client.info("meta");
        client.post("/hyperliquid/info", "garbage");

        assertThat(sim.requestCount("metaAndAssetCtxs")).isEqualTo(2);
        assertThat(sim.requestCount("meta")).isEqualTo(1);
        assertThat(sim.requestCount(HyperliquidSim.UNPARSEABLE_TYPE)).isEqualTo(1);
        assertThat(sim.requestCount("candleSnapshot")).isZero();
        sim.resetCounts();
        assertThat(sim.requestCount("metaAndAssetCtxs")).isZero();
    }

    private static void pin(Instant at) {
        sim.hyperliquid().clock(Clock.fixed(at, ZoneOffset.UTC));
    }

    private static BigDecimal decimalOrNull(JsonNode node) {
        return node.isNull() ? null : new BigDecimal(node.asText());
    }

    private static List<String> names(JsonNode universe) {
        List<String> names = new ArrayList<>();
        universe.forEach(entry -> names.add(entry.get("name").asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
