package dev.hoard.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hoard.HoardHarness;
import dev.hoard.MutableClock;
import dev.hoard.api.VerifyQuery;
import dev.hoard.backfill.BinanceHistory;
import dev.hoard.backfill.WeightBudget;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.sim.BinanceSim;
import dev.hoard.upstream.binance.BinanceKlines;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance kline backfill end to end: the real application's route and budget, the simulator's klines and
 * limiter, real PostgreSQL. Time is a clock the test moves (the simulator reads the same clock).
 */
class BinanceBackfillIT {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:30Z");
    private static final Instrument BTC = BinanceKlines.perp("BTC", "USDT");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private MutableClock clock;
    private HoardHarness hoard;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(T0);
        hoard = HoardHarness.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        hoard.close();
    }

    private BinanceHistory history() {
        return hoard.bean("binanceHistory", BinanceHistory.class);
    }

    private BinanceSim sim() {
        return hoard.simulator.binance();
    }

    private WeightBudget budget() {
        return hoard.bean("binanceWeightBudget", WeightBudget.class);
    }

    private long backfill(CandleInterval interval, Instant from, Instant to) throws SQLException {
        return history().candles(BTC, interval, from, to, true, null, notice -> { });
    }

    private long rows(String interval) throws SQLException {
        return hoard.count("SELECT count(*) FROM candles c JOIN instruments i ON i.id = c.instrument_id"
                + " WHERE i.exchange = 'binance' AND i.symbol = 'BTCUSDT' AND c.interval = '" + interval + "'");
    }

    private String stored(String interval, Instant open) throws SQLException {
        return KlineRows.stored(hoard, "BTCUSDT", interval, open);
    }

    private String truth(String interval, Instant open, Instant asOf, boolean isFinal) {
        return KlineRows.truth(hoard, "BTCUSDT", interval, open, asOf, isFinal);
    }

    @Test
    void theOpenLastKlineIsStoredProvisionalAndReplacedByItsClosedVersion() throws Exception {
        Instant current = Instant.parse("2026-03-04T10:00:00Z");
        backfill(CandleInterval.M1, current.minus(Duration.ofMinutes(10)), current.plus(Duration.ofMinutes(1)));

        assertThat(rows("1m")).isEqualTo(11);
        assertThat(stored("1m", current)).as("the open kline: partial, provisional")
                .isEqualTo(truth("1m", current, T0, false));
        assertThat(stored("1m", current.minus(Duration.ofMinutes(1))))
                .isEqualTo(truth("1m", current.minus(Duration.ofMinutes(1)), T0, true));

        clock.set(Instant.parse("2026-03-04T10:01:05Z"));
        backfill(CandleInterval.M1, current.minus(Duration.ofMinutes(10)), current.plus(Duration.ofMinutes(1)));
        assertThat(stored("1m", current)).as("its closed version replaced it")
                .isEqualTo(truth("1m", current, clock.instant(), true));
        assertThat(rows("1m")).isEqualTo(11);
    }

    @Test
    void aRunStoppedMidwayResumesExactlyWithoutDownloadingWhatIsStored() throws Exception {
        Instant to = Instant.parse("2026-03-04T09:00:00Z");
        Instant from = to.minus(Duration.ofMinutes(3000));
        history().readLimits();
        sim().failKlinesAfter(3, 400);
        hoard.simulator.resetCounts();

        assertThatThrownBy(() -> backfill(CandleInterval.M1, from, to)).hasMessageContaining("400");
        assertThat(hoard.simulator.requestCount("binance.klines")).isEqualTo(4);
        assertThat(rows("1m")).as("three pages of 499 stored with their cursor").isEqualTo(3 * 499);

        hoard.restartApp(); // a new process: nothing in memory survives
        hoard.simulator.resetCounts();
        backfill(CandleInterval.M1, from, to);
        assertThat(hoard.simulator.requestCount("binance.klines")).as("only the missing 1503: 499+499+499+6").isEqualTo(4);
        assertThat(rows("1m")).isEqualTo(3000);
        assertThat(hoard.count("SELECT count(DISTINCT open_time) FROM candles WHERE interval = '1m'")).isEqualTo(3000);

        hoard.simulator.resetCounts();
        backfill(CandleInterval.M1, from, to);
        assertThat(hoard.simulator.requestCount("binance.klines")).as("a complete range is not asked for again").isZero();

        VerifyQuery.Series series = hoard.bean("verifyQuery", VerifyQuery.class).verify("binance", "BTCUSDT", "1m").get(0);
        assertThat(series.rows()).isEqualTo(3000);
        assertThat(series.expected()).isEqualTo(3000);
        assertThat(series.missing()).isZero();
        assertThat(series.zeroVolume()).as("the ground truth has trade-less minutes, and they are no gaps").isPositive();
        assertThat(series.ok()).isTrue();
    }

    @Test
    void a429PausesEveryRequestForItsRetryAfter() throws Exception {
        history().readLimits();
        sim().faultRetryAfterSeconds(30);
        hoard.simulator.faults().failNext(1, 429);
        hoard.simulator.resetCounts();
        Instant to = Instant.parse("2026-03-04T09:00:00Z");
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return backfill(CandleInterval.M1, to.minus(Duration.ofMinutes(600)), to);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(WAIT).until(() -> budget().pauses() == 1);
        assertThat(budget().blockedUntil()).contains(T0.plusSeconds(30));
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> hoard.simulator.requestCount("binance.klines") == 1 && !run.isDone());

        clock.advance(Duration.ofSeconds(31));
        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(600);
        assertThat(hoard.simulator.requestCount("binance.klines")).isEqualTo(1 + 2);
    }

    @Test
    void a418StopsEveryBinanceRequestUntilTheBanEnds() throws Exception {
        history().readLimits();
        sim().faultRetryAfterSeconds(120);
        hoard.simulator.faults().failNext(1, 418);
        hoard.simulator.resetCounts();
        Instant to = Instant.parse("2026-03-04T09:00:00Z");
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return backfill(CandleInterval.H1, to.minus(Duration.ofHours(100)), to);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(WAIT).until(() -> budget().bans() == 1);
        assertThat(budget().blockedUntil()).contains(T0.plusSeconds(120));
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> hoard.simulator.requestCount("binance.klines") == 1 && !run.isDone());
        clock.advance(Duration.ofSeconds(60));
        await().during(Duration.ofMillis(200)).atMost(WAIT)
                .until(() -> hoard.simulator.requestCount("binance.klines") == 1 && !run.isDone());

        clock.advance(Duration.ofSeconds(61));
        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(100);
        assertThat(hoard.simulator.requestCount("binance.klines")).isEqualTo(2);
    }

    @Test
    void usesAtLeastNinetyPercentOfAnEnforcedBudgetWithoutA429() throws Exception {
        sim().publishedWeightLimit(100).enforceWeightLimit(100);
        Instant to = Instant.parse("2026-03-04T09:00:00Z");
        Thread run = new Thread(() -> {
            try {
                backfill(CandleInterval.M1, to.minus(Duration.ofMinutes(60 * 499)), to);
            } catch (Exception e) {
                // interrupted below, while it waits for the budget
            }
        });
        run.start();
        try {
            // exchangeInfo (1) + 47 pages of 499 klines (weight 2 each): 95 = the 95% share of 100
            await().atMost(WAIT).until(() -> sim().weightUsedLastMinute() == 95);
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> sim().weightUsedLastMinute() == 95);
            assertThat(budget().limitPerMinute()).as("read from exchangeInfo").isEqualTo(95);
            assertThat(sim().limited429()).isZero();
            assertThat(sim().limited418()).isZero();
            assertThat(sim().weightUsedLastMinute()).isGreaterThanOrEqualTo(90);
        } finally {
            run.interrupt();
            run.join(10_000);
        }
    }

    @Test
    void weeksOpenOnMondayAndMonthsStepByCalendarMonth() throws Exception {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-01T00:00:00Z");
        backfill(CandleInterval.MONTH, from, to);
        backfill(CandleInterval.W1, from, to);

        assertThat(rows("1M")).isEqualTo(26);
        assertThat(hoard.count("SELECT count(*) FROM candles WHERE interval = '1M' AND extract(day FROM open_time AT TIME ZONE 'UTC') = 1"
                + " AND close_time = ((open_time AT TIME ZONE 'UTC') + interval '1 month' - interval '1 millisecond') AT TIME ZONE 'UTC'"))
                .isEqualTo(26);
        assertThat(stored("1M", Instant.parse("2024-02-01T00:00:00Z"))).isEqualTo(
                truth("1M", Instant.parse("2024-02-01T00:00:00Z"), T0, true));
        assertThat(rows("1w")).isEqualTo(CandleInterval.W1.count(from, to));
        assertThat(hoard.count("SELECT count(*) FROM candles WHERE interval = '1w' AND extract(isodow FROM open_time AT TIME ZONE 'UTC') <> 1"))
                .isZero();
        VerifyQuery verify = hoard.bean("verifyQuery", VerifyQuery.class);
        assertThat(verify.verify("binance", "BTCUSDT", "1M").get(0).missing()).isZero();
        assertThat(verify.verify("binance", "BTCUSDT", "1w").get(0).missing()).isZero();
    }

    @Test
    void verifyReportsAGapPunchedIntoTheTableAsARange() throws Exception {
        Instant to = Instant.parse("2026-03-04T09:00:00Z");
        backfill(CandleInterval.M1, to.minus(Duration.ofMinutes(600)), to);
        VerifyQuery verify = hoard.bean("verifyQuery", VerifyQuery.class);
        assertThat(verify.verify("binance", "BTCUSDT", "1m").get(0).ok()).isTrue();

        hoard.execute("DELETE FROM candles WHERE interval = '1m' AND open_time >= '2026-03-04T05:10:00Z' AND open_time < '2026-03-04T05:13:00Z'");
        hoard.execute("DELETE FROM candles WHERE interval = '1m' AND open_time = '2026-03-04T07:00:00Z'");

        VerifyQuery.Series series = verify.verify("binance", "BTCUSDT", "1m").get(0);
        assertThat(series.ok()).isFalse();
        assertThat(series.missing()).isEqualTo(4);
        assertThat(series.rows()).isEqualTo(596);
        assertThat(series.expected()).isEqualTo(600);
        assertThat(series.gaps()).containsExactly(
                new VerifyQuery.Gap(Instant.parse("2026-03-04T05:10:00Z"), Instant.parse("2026-03-04T05:13:00Z"), 3),
                new VerifyQuery.Gap(Instant.parse("2026-03-04T07:00:00Z"), Instant.parse("2026-03-04T07:01:00Z"), 1));
        assertThat(series.lagSeconds()).isEqualTo(Duration.between(to, T0).toSeconds());

        java.net.http.HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(hoard.apiUrl("/verify?exchange=binance&interval=1m"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(api.body());
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("count").asInt()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode json = body.get("series").get(0);
        assertThat(json.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(json.get("expected").asLong()).isEqualTo(600);
        assertThat(json.get("missing").asLong()).isEqualTo(4);
        assertThat(json.get("gaps").get(0).get("from").asText()).isEqualTo("2026-03-04T05:10:00Z");
        assertThat(json.get("gaps").get(0).get("to").asText()).isEqualTo("2026-03-04T05:13:00Z");
        assertThat(json.get("lag_seconds").asLong()).isEqualTo(Duration.between(to, T0).toSeconds());
        assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(hoard.apiUrl("/verify?interval=2w"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);

        // a provisional row long past its close is stale
        hoard.execute("UPDATE candles SET is_final = false WHERE interval = '1m' AND open_time = '2026-03-04T08:00:00Z'");
        assertThat(verify.verify("binance", null, "1m").get(0).staleProvisional()).isEqualTo(1);
    }
}
