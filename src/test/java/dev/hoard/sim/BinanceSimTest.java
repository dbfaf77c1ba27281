package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BinanceSimTest {

    private static final Instant NOW = Instant.parse("2026-03-04T10:00:30Z");

    @Test
    void klinesPageFromStartTimeUpToTheOpenKlineWithWeightHeaders() throws Exception {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            sim.binance().clock(new MutableClock(NOW));
            SimClient client = new SimClient(sim);
            long start = NOW.minus(Duration.ofMinutes(3)).toEpochMilli() - 1;
            HttpResponse<String> page = client.get("/binance/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=" + start + "&limit=150");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("X-MBX-USED-WEIGHT-1M")).contains("2");
            JsonNode rows = SimClient.MAPPER.readTree(page.body());
            assertThat(rows).hasSize(3); // 09:58, 09:59 and the open 10:00 (startTime is 1 ms before 09:57)
            assertThat(rows.get(0).get(0).asLong()).isEqualTo(Instant.parse("2026-03-04T09:58:00Z").toEpochMilli());
            assertThat(rows.get(2).get(6).asLong()).isEqualTo(Instant.parse("2026-03-04T10:00:59.999Z").toEpochMilli());
            BinanceGroundTruth.Kline open = sim.binance().groundTruth().kline("BTCUSDT", "1m",
                    Instant.parse("2026-03-04T10:00:00Z").toEpochMilli(), NOW.toEpochMilli());
            assertThat(open.closed()).isFalse();
            assertThat(rows.get(2).get(5).asText()).isEqualTo(open.volume().toPlainString());

            JsonNode months = SimClient.MAPPER.readTree(client.get("/binance/fapi/v1/klines?symbol=BTCUSDT&interval=1M&startTime="
                    + Instant.parse("2025-01-15T00:00:00Z").toEpochMilli() + "&endTime=" + Instant.parse("2025-04-01T00:00:00Z").toEpochMilli()).body());
            assertThat(months).hasSize(3);
            assertThat(months.get(0).get(0).asLong()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z").toEpochMilli());
            assertThat(months.get(0).get(6).asLong()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli() - 1);

            assertThat(client.get("/binance/fapi/v1/klines?symbol=nope&interval=1m").body()).contains("-1121");
            assertThat(client.get("/binance/fapi/v1/exchangeInfo").body()).contains("\"REQUEST_WEIGHT\"", "\"limit\":2400");
        }
    }

    @Test
    void theLimiterAnswers429ThenBans418WithRetryAfter() throws Exception {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            MutableClock clock = new MutableClock(NOW);
            sim.binance().clock(clock).enforceWeightLimit(10).banAfter429s(2).banSeconds(120);
            SimClient client = new SimClient(sim);
            String big = "/binance/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500"; // weight 10
            assertThat(client.get(big).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = client.get(big);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.body()).contains("-1003");
            assertThat(client.get(big).statusCode()).isEqualTo(429);
            HttpResponse<String> banned = client.get(big);
            assertThat(banned.statusCode()).isEqualTo(418);
            assertThat(banned.headers().firstValue("Retry-After")).contains("120");
            clock.advance(Duration.ofSeconds(100));
            assertThat(client.get("/binance/fapi/v1/exchangeInfo").headers().firstValue("Retry-After")).contains("20");
            assertThat(sim.binance().limited429()).isEqualTo(2);
            assertThat(sim.binance().limited418()).isEqualTo(2);
        }
    }

    @Test
    void adminRoutesSetTheLimiterAndReportTheStream() throws Exception {
        try (ExchangeSimulator sim = new ExchangeSimulator(0).start()) {
            SimClient client = new SimClient(sim);
            assertThat(client.post("/_sim/binance/weight", "{\"limitPerMinute\":3}").body()).contains("\"usedLastMinute\":0");
            String klines = "/binance/fapi/v1/klines?symbol=ETHUSDT&interval=1h&limit=10";
            assertThat(client.get(klines).statusCode()).isEqualTo(200);
            assertThat(client.get(klines).statusCode()).isEqualTo(200);
            assertThat(client.get(klines).statusCode()).isEqualTo(200);
            assertThat(client.get(klines).statusCode()).isEqualTo(429);
            assertThat(client.get("/_sim/binance/weight").body()).contains("\"usedLastMinute\":3", "\"rejected429\":1");
            assertThat(client.delete("/_sim/binance/weight").body()).contains("\"usedLastMinute\":0");
            assertThat(client.post("/_sim/binance/ws/emit", "").body()).isEqualTo("{\"frames\":0}");
            assertThat(client.post("/_sim/binance/weight", "{\"nope\":1}").statusCode()).isEqualTo(400);
            assertThat(client.get("/_sim/binance/ws/stats").body()).contains("\"connectionsOpened\":0");
        }
    }
}
