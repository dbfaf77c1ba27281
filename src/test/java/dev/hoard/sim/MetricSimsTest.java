package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DefiLlama and Artemis simulator modules speak their upstreams' shapes and quirks. */
class MetricSimsTest {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static ExchangeSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = new ExchangeSimulator(0).start();
        client = new SimClient(sim);
        sim.defillama().clock(Clock.fixed(NOW, ZoneOffset.UTC));
        sim.artemis().clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().clear();
        sim.artemis().requireKey(null);
    }

    @Test
    void protocolEndsEachSeriesAtTheFetchTimeWithIdsAsStringsAndPseudoChains() throws IOException {
        JsonNode body = SimClient.json(client.get("/defillama/protocol/aave"));

        assertThat(body.get("id").isTextual()).isTrue();
        JsonNode tvl = body.get("tvl");
        assertThat(tvl.get(tvl.size() - 1).get("date").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(tvl.get(tvl.size() - 2).get("date").asLong() % 86_400).isZero();
        assertThat(body.get("chainTvls").fieldNames()).toIterable()
                .contains("Ethereum", "Arbitrum", "staking", "pool2", "borrowed", "Ethereum-staking");
        assertThat(body.get("chainTvls").get("Ethereum").get("tokens").isNull()).isTrue();
    }

    @Test
    void feesRowsCarryIdsAsStringsAndNumbersAndInkHasZeroDays() throws IOException {
        JsonNode body = SimClient.json(client.get("/defillama/overview/fees/Ink?dataType=dailyFees"));

        assertThat(body.get("protocols").get(0).get("defillamaId").isTextual()).isTrue();
        assertThat(body.get("protocols").get(1).get("defillamaId").isNumber()).isTrue();
        assertThat(body.get("totalDataChart")).anySatisfy(pair -> assertThat(pair.get(1).asText()).isEqualTo("0"));
    }

    @Test
    void unknownCoinsAreOmittedAndUnknownChainsAre404AndTheProLayoutChecksItsKey() throws IOException {
        JsonNode prices = SimClient.json(client.get("/defillama/prices/current/coingecko:ethereum,coingecko:nothing"));
        assertThat(prices.get("coins").fieldNames()).toIterable().containsExactly("coingecko:ethereum");

        assertThat(client.get("/defillama/v2/historicalChainTvl/Atlantis").statusCode()).isEqualTo(404);
        assertThat(client.get("/defillama/v2/historicalChainTvl/Hyperliquid%20L1").statusCode()).isEqualTo(200);
        assertThat(client.get("/defillama/pro/pro-key/api/protocol/aave").statusCode()).isEqualTo(200);
        assertThat(client.get("/defillama/pro/wrong/api/protocol/aave").statusCode()).isEqualTo(401);
    }

    @Test
    void artemisAnswersStringsWhereDataIsMissingAndHonoursFaultsAndItsKey() throws IOException {
        JsonNode unknown = SimClient.json(client.get("/artemis/data/api/fees/?symbols=ftx&startDate=2026-03-01&endDate=2026-03-04"));
        assertThat(unknown.at("/data/symbols").asText()).isEqualTo(ArtemisSim.NO_SYMBOLS);
        JsonNode noMetric = SimClient.json(client.get("/artemis/data/api/dau/?symbols=hyperliquid&startDate=2026-03-01&endDate=2026-03-04"));
        assertThat(noMetric.at("/data/symbols/hyperliquid/dau").asText()).isEqualTo(ArtemisSim.NO_METRIC);
        JsonNode fees = SimClient.json(client.get("/artemis/data/api/fees/?symbols=sol&startDate=2026-03-01&endDate=2026-03-09"));
        assertThat(fees.at("/data/symbols/sol/fees")).hasSize(4); // nothing after today

        sim.faults().failNext(1, 429);
        assertThat(client.get("/artemis/data/api/fees/?symbols=sol&startDate=2026-03-01&endDate=2026-03-01").statusCode())
                .isEqualTo(429);
        sim.artemis().requireKey("k");
        assertThat(client.get("/artemis/data/api/fees/?symbols=sol&startDate=2026-03-01&endDate=2026-03-01").statusCode())
                .isEqualTo(401);
        assertThat(client.get("/artemis/data/api/fees/?symbols=sol&startDate=2026-03-01&endDate=2026-03-01&APIKey=k")
                .statusCode()).isEqualTo(200);
    }
}
