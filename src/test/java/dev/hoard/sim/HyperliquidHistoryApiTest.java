package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.sim.HyperliquidGroundTruth.Candle;
import dev.hoard.sim.HyperliquidGroundTruth.FundingPoint;
import dev.hoard.sim.SimFaults.Malformed;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code candleSnapshot} and {@code fundingHistory} on the simulated info API. */
class HyperliquidHistoryApiTest {

    private static final Instant NOW = Instant.parse("2025-03-14T12:34:56.789Z");
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final List<String> CANDLE_FIELDS = List.of("t", "T", "s", "i", "o", "c", "h", "l", "v", "n");

    private static ExchangeSimulator sim;
    private static SimClient client;
    private static HyperliquidGroundTruth truth;

    @BeforeAll
    static void start() {
        sim = new ExchangeSimulator(0).start();
        client = new SimClient(sim);
        truth = sim.hyperliquid().groundTruth();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().clear();
        sim.resetCounts();
        sim.hyperliquid().resetWeight().weightLimitPerMinute(0);
        sim.hyperliquid().clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void noLimit() {
        sim.hyperliquid().weightLimitPerMinute(0);
    }

    @Test
    void candlesStartWithTheOneOverlappingStartTimeAndEndWithTheOpenOne() throws IOException {
        long start = Instant.parse("2025-03-14T10:30:00Z").toEpochMilli();
        HttpResponse<String> response = candles("BTC", "1h", start, NOW.toEpochMilli() + 86_400_000L);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = SimClient.json(response);
        assertThat(body).hasSize(3);
        assertThat(body.get(0).get("t").asLong()).isEqualTo(start - 30 * MINUTE).isLessThan(start);
        assertThat(body.get(2).get("t").asLong()).isEqualTo(Instant.parse("2025-03-14T12:00:00Z").toEpochMilli());
        for (JsonNode candle : body) {
            assertThat(fieldNames(candle)).containsExactlyElementsOf(CANDLE_FIELDS);
            assertThat(candle.get("t").isIntegralNumber()).isTrue();
            assertThat(candle.get("T").asLong()).isEqualTo(candle.get("t").asLong() + HOUR - 1);
            assertThat(candle.get("n").isIntegralNumber()).isTrue();
            for (String field : List.of("s", "i", "o", "c", "h", "l", "v")) {
                assertThat(candle.get(field).isTextual()).as(field).isTrue();
            }
            Candle expected = truth.candle("BTC", "1h", Instant.ofEpochMilli(candle.get("t").asLong()), NOW);
            assertThat(candle.toString()).isEqualTo(HyperliquidJson.candle(expected));
        }
        Candle open = truth.candle("BTC", "1h", Instant.parse("2025-03-14T12:00:00Z"), NOW);
        assertThat(open).as("the last candle is partial")
                .isNotEqualTo(truth.candle("BTC", "1h", Instant.parse("2025-03-14T12:00:00Z"), NOW.plusSeconds(3600)));
        assertThat(body.get(2).get("n").asLong()).isEqualTo(open.n());
        assertThat(sim.requestCount("candleSnapshot")).isEqualTo(1);
    }

    @Test
    void anEndTimeInThePastEndsWithTheCandleContainingIt() throws IOException {
        long start = Instant.parse("2025-03-14T11:00:00Z").toEpochMilli();
        JsonNode body = SimClient.json(candles("ETH", "15m", start, start + 20 * MINUTE));

        assertThat(body).hasSize(2);
        assertThat(body.get(1).get("t").asLong()).isEqualTo(start + 15 * MINUTE);
        Candle last = truth.candle("ETH", "15m", Instant.ofEpochMilli(start + 15 * MINUTE), NOW);
        assertThat(body.get(1).toString()).isEqualTo(HyperliquidJson.candle(last));
    }

    @Test
    void onlyTheMostRecent5000CandlesAreServed() throws IOException {
        long current = Instant.parse("2025-03-14T12:34:00Z").toEpochMilli();
        long oldest = current - 4999 * MINUTE;

        JsonNode all = SimClient.json(candles("SOL", "1m", 0, Long.MAX_VALUE / 2));
        assertThat(all).hasSize(5000);
        assertThat(all.get(0).get("t").asLong()).isEqualTo(oldest);
        assertThat(all.get(4999).get("t").asLong()).isEqualTo(current);
        for (int k = 1; k < all.size(); k++) {
            assertThat(all.get(k).get("t").asLong()).isEqualTo(all.get(k - 1).get("t").asLong() + MINUTE);
        }

        JsonNode straddling = SimClient.json(candles("SOL", "1m", oldest - 100 * MINUTE, oldest + 9 * MINUTE));
        assertThat(straddling).hasSize(10);
        assertThat(straddling.get(0).get("t").asLong()).isEqualTo(oldest);

        assertThat(SimClient.json(candles("SOL", "1m", oldest - 600 * MINUTE, oldest - MINUTE))).isEmpty();
    }

    @Test
    void longIntervalsStartAtTheListingAndUseCalendarMonths() throws IOException {
        JsonNode months = SimClient.json(candles("BTC", "1M", 0, NOW.toEpochMilli()));
        assertThat(months.get(0).get("t").asLong()).isEqualTo(HyperliquidGroundTruth.LISTED_FROM.toEpochMilli());
        assertThat(months.get(months.size() - 1).get("t").asLong())
                .isEqualTo(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
        JsonNode feb2024 = months.get(13);
        assertThat(feb2024.get("t").asLong()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z").toEpochMilli());
        assertThat(feb2024.get("T").asLong()).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli());

        JsonNode weeks = SimClient.json(candles("BTC", "1w", Instant.parse("2025-02-01T00:00:00Z").toEpochMilli(),
                NOW.toEpochMilli()));
        assertThat(weeks.get(0).get("t").asLong()).isEqualTo(Instant.parse("2025-01-27T00:00:00Z").toEpochMilli());
    }

    @Test
    void emptyRangesGiveEmptyArrays() throws IOException {
        long t = NOW.toEpochMilli();
        assertThat(candles("BTC", "1m", t - HOUR, t - 2 * HOUR).body()).isEqualTo("[]");
        assertThat(candles("BTC", "1m", t + HOUR, t + 2 * HOUR).body()).isEqualTo("[]");
        assertThat(candles("NOPE", "1m", t - HOUR, t).body()).isEqualTo("[]");
        assertThat(funding("NOPE", t - HOUR, null).body()).isEqualTo("[]");
    }

    @Test
    void syntheticCoinsHaveCandles() throws IOException {
        JsonNode body = SimClient.json(candles("SIM0123", "5m", NOW.toEpochMilli() - HOUR, NOW.toEpochMilli()));
        assertThat(body).hasSize(13);
        assertThat(body.get(0).get("s").asText()).isEqualTo("SIM0123");
    }

    @Test
    void invalidBodiesGet422TextPlain() throws IOException {
        String[] invalid = {
            "{\"type\":\"candleSnapshot\"}",
            "{\"type\":\"candleSnapshot\",\"req\":\"BTC\"}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"interval\":\"1m\",\"startTime\":0,\"endTime\":1}}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":1,\"interval\":\"1m\",\"startTime\":0,\"endTime\":1}}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"2d\",\"startTime\":0,\"endTime\":1}}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\",\"startTime\":\"0\",\"endTime\":1}}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\",\"startTime\":-1,\"endTime\":1}}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\",\"startTime\":0.5,\"endTime\":1}}",
            "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\",\"startTime\":0}}",
            "{\"type\":\"fundingHistory\",\"coin\":\"BTC\"}",
            "{\"type\":\"fundingHistory\",\"startTime\":0}",
            "{\"type\":\"fundingHistory\",\"coin\":\"BTC\",\"startTime\":\"0\"}",
            "{\"type\":\"fundingHistory\",\"coin\":\"BTC\",\"startTime\":0,\"endTime\":\"1\"}",
        };
        for (String body : invalid) {
            HttpResponse<String> response = client.post("/hyperliquid/info", body);
            assertThat(response.statusCode()).as(body).isEqualTo(422);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body()).isEqualTo("Failed to deserialize the JSON body into the target type");
        }
        assertThat(sim.requestCount("candleSnapshot")).isEqualTo(9);
        assertThat(sim.requestCount("fundingHistory")).isEqualTo(4);
    }

    @Test
    void fundingHistoryPagesBy500FromTheLastTimePlusOne() throws IOException {
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        List<JsonNode> rows = new ArrayList<>();
        long start = from.toEpochMilli();
        int pages = 0;
        while (true) {
            JsonNode page = SimClient.json(funding("BTC", start, null));
            pages++;
            page.forEach(rows::add);
            if (page.size() < 500) {
                break;
            }
            assertThat(page).hasSize(500);
            start = page.get(499).get("time").asLong() + 1;
        }

        long hours = Duration.between(from, NOW).toHours() + 1; // 00:00 … 12:00 on the last day
        assertThat(rows).hasSize((int) hours);
        assertThat(pages).isEqualTo((int) (hours / 500 + 1));
        assertThat(sim.requestCount("fundingHistory")).isEqualTo(pages);
        for (int k = 0; k < rows.size(); k++) {
            JsonNode row = rows.get(k);
            assertThat(fieldNames(row)).containsExactly("coin", "fundingRate", "premium", "time");
            Instant hour = from.plus(Duration.ofHours(k));
            FundingPoint expected = truth.fundingAt("BTC", hour);
            assertThat(row.get("time").isIntegralNumber()).isTrue();
            assertThat(row.get("time").asLong()).isEqualTo(expected.time()).isBetween(hour.toEpochMilli(),
                    hour.toEpochMilli() + 99);
            assertThat(row.get("fundingRate").asText()).isEqualTo(expected.fundingRate().toPlainString());
            assertThat(row.get("premium").asText()).isEqualTo(expected.premium().toPlainString());
            assertThat(row.get("coin").asText()).isEqualTo("BTC");
        }
        assertThat(rows.get(rows.size() - 1).get("time").asLong()).isLessThanOrEqualTo(NOW.toEpochMilli());
    }

    @Test
    void fundingBoundsAreInclusiveOnTheJitteredTimes() throws IOException {
        Instant hour = Instant.parse("2025-03-10T05:00:00Z");
        long time = truth.fundingAt("ETH", hour).time();
        long next = truth.fundingAt("ETH", hour.plus(Duration.ofHours(1))).time();

        assertThat(times(funding("ETH", time, next))).containsExactly(time, next);
        assertThat(times(funding("ETH", time + 1, next))).containsExactly(next);
        assertThat(times(funding("ETH", time, next - 1))).containsExactly(time);
        assertThat(times(funding("ETH", hour.toEpochMilli(), time - 1))).isEmpty();
        assertThat(times(funding("ETH", hour.toEpochMilli(), hour.toEpochMilli() + 3 * HOUR))).hasSize(3);
    }

    @Test
    void fundingHasNothingAfterNow() throws IOException {
        long start = NOW.toEpochMilli() - 3 * HOUR;
        List<Long> times = times(funding("SOL", start, NOW.toEpochMilli() + 10 * HOUR));
        assertThat(times).hasSize(3).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(NOW.toEpochMilli()));
        assertThat(times(client.post("/hyperliquid/info",
                "{\"type\":\"fundingHistory\",\"coin\":\"SOL\",\"startTime\":" + start + ",\"endTime\":null}")))
                .isEqualTo(times);
    }

    @Test
    void listResponsesCarryTextLevelCorruption() throws IOException {
        sim.faults().malformedNext(1, Malformed.TRUNCATED);
        HttpResponse<String> response = candles("BTC", "1m", NOW.toEpochMilli() - HOUR, NOW.toEpochMilli());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[{\"t\":").doesNotEndWith("]");
    }

    @Test
    void weightIsTrackedAndCanBeEnforced() throws IOException {
        client.info("meta");
        candles("BTC", "1m", 0, NOW.toEpochMilli()); // 5000 candles: 20 + 83
        funding("BTC", Instant.parse("2025-01-01T00:00:00Z").toEpochMilli(), null); // 500 rows: 20 + 25
        assertThat(sim.hyperliquid().weightUsedLastMinute()).isEqualTo(20 + 103 + 45);
        assertThat(SimClient.json(client.get("/_sim/hyperliquid/weight")).get("usedLastMinute").asLong())
                .isEqualTo(168);

        assertThat(client.post("/_sim/hyperliquid/weight", "{\"limitPerMinute\":200}").statusCode()).isEqualTo(200);
        assertThat(client.info("metaAndAssetCtxs").statusCode()).isEqualTo(200); // 188
        HttpResponse<String> limited = client.info("meta"); // 208 > 200
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("null");
        assertThat(sim.hyperliquid().weightUsedLastMinute()).isEqualTo(188);

        sim.hyperliquid().resetWeight();
        assertThat(client.info("meta").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> candles(String coin, String interval, long start, long end)
            throws IOException {
        return client.post("/hyperliquid/info", "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"" + coin
                + "\",\"interval\":\"" + interval + "\",\"startTime\":" + start + ",\"endTime\":" + end + "}}");
    }

    private static HttpResponse<String> funding(String coin, long start, Long end) throws IOException {
        return client.post("/hyperliquid/info", "{\"type\":\"fundingHistory\",\"coin\":\"" + coin
                + "\",\"startTime\":" + start + (end == null ? "" : ",\"endTime\":" + end) + "}");
    }

    private static List<Long> times(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> times = new ArrayList<>();
        SimClient.json(response).forEach(row -> times.add(row.get("time").asLong()));
        return times;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
