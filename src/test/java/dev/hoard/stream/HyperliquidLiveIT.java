package dev.hoard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.MutableClock;
import dev.hoard.backfill.HyperliquidHistory;
import dev.hoard.sim.HyperliquidGroundTruth;
import dev.hoard.sim.HyperliquidWs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hyperliquid live pipeline end to end: the catalog, the WebSocket stream of the simulator,
 * the live buffers, gap repair over REST, real PostgreSQL. Time is a clock the test moves; the
 * simulator emits a round of frames when told to.
 */
class HyperliquidLiveIT {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:10Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private MutableClock clock;
    private HoardHarness hoard;

    @BeforeEach
    void start() throws Exception {
        Path catalog = dir.resolve("starlistings-" + System.nanoTime() + ".yaml");
        Files.writeString(catalog, """
                starlistings:
                  - {exchange: hyperliquid, coin: BTC, quote: USD, market_type: perps, intervals: [1m], funding: true, open_interest: true}
                  - {exchange: hyperliquid, coin: ETH, quote: USD, market_type: perps, intervals: [1m], funding: false, open_interest: true}
                """);
        clock = new MutableClock(T0);
        hoard = HoardHarness.builder().clock(clock)
                .property("hoard.catalog.file", catalog.toString())
                .property("hoard.live.enabled", "true")
                .property("hoard.live.flush-period-ms", "50")
                .property("hoard.live.provisional-throttle-ms", "0")
                .property("hoard.live.final-grace-ms", "3000")
                .property("hoard.hyperliquid.ws.ping-interval-ms", "200")
                .property("hoard.hyperliquid.ws.silence-timeout-ms", "1500")
                .property("hoard.hyperliquid.ws.reconnect-initial-ms", "50")
                .property("hoard.hyperliquid.ws.reconnect-max-ms", "400")
                .start();
        awaitConnections(1);
        awaitRepairedUpTo("BTC", Instant.parse("2026-03-04T09:59:00Z"));
    }

    @AfterEach
    void stop() {
        hoard.close();
    }

    private HyperliquidWs ws() {
        return hoard.simulator.hyperliquid().ws();
    }

    private void awaitConnections(int connections) {
        await().atMost(WAIT).until(() -> ws().stats().subscribeMessagesPerConnection().size() >= connections
                && ws().stats().openConnections() == 1
                && ws().stats().subscribeMessagesPerConnection().get(connections - 1) == 4);
    }

    private void awaitRepairedUpTo(String coin, Instant open) {
        await().atMost(WAIT).until(() -> hoard.count("SELECT count(*) FROM candles c JOIN instruments i ON i.id = c.instrument_id"
                + " WHERE i.coin = '" + coin + "' AND c.is_final AND c.open_time = '" + open + "'") == 1);
    }

    private String candle(String coin, Instant open) throws SQLException {
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.open, c.high, c.low, c.close, c.volume, c.trades, c.is_final FROM candles c JOIN instruments i"
                        + " ON i.id = c.instrument_id WHERE i.coin = '" + coin + "' AND c.interval = '1m' AND c.open_time = '" + open + "'")) {
            return rs.next() ? rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4) + "/"
                    + rs.getString(5) + "/" + rs.getLong(6) + "/final=" + rs.getBoolean(7) : null;
        }
    }

    private static String expected(HyperliquidGroundTruth.Candle c, boolean isFinal) {
        return c.o().toPlainString() + "/" + c.h().toPlainString() + "/" + c.l().toPlainString() + "/" + c.c().toPlainString()
                + "/" + c.v().toPlainString() + "/" + c.n() + "/final=" + isFinal;
    }

    private HyperliquidGroundTruth.Candle truth(String coin, Instant open, Instant asOf) {
        return hoard.simulator.hyperliquid().groundTruth().candle(coin, "1m", open, asOf);
    }

    @Test
    void storesFinalCandlesAndOneContextRowPerMinuteStampedWithItsMinute() throws Exception {
        Instant minute = Instant.parse("2026-03-04T10:00:00Z");
        ws().emitNow();
        clock.set(Instant.parse("2026-03-04T10:00:50Z"));
        ws().emitNow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(candle("BTC", minute)).isEqualTo(expected(truth("BTC", minute, clock.instant()), false)));

        // within the 3 s grace: the candle is made final by its successor, not by time
        clock.set(Instant.parse("2026-03-04T10:01:01Z"));
        ws().emitNow();

        Instant closed = Instant.parse("2026-03-04T10:01:00Z");
        await().atMost(WAIT).untilAsserted(() -> assertThat(candle("BTC", minute)).isEqualTo(expected(truth("BTC", minute, closed), true)));
        await().atMost(WAIT).until(() -> hoard.count("SELECT count(*) FROM funding_rates f JOIN instruments i ON i.id = f.instrument_id"
                + " WHERE i.coin = 'BTC' AND f.time = '" + minute + "'") == 1);
        var ctx = hoard.simulator.hyperliquid().groundTruth().ctx("BTC", Instant.parse("2026-03-04T10:00:50Z"));
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT f.funding_rate, f.mark_price, o.open_interest FROM funding_rates f JOIN instruments i ON i.id = f.instrument_id"
                        + " JOIN open_interest o ON o.instrument_id = i.id AND o.time = f.time WHERE i.coin = 'BTC'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1).toPlainString()).as("the latest value of the minute").isEqualTo(ctx.funding().toPlainString());
            assertThat(rs.getBigDecimal(2).toPlainString()).isEqualTo(ctx.markPx().toPlainString());
            assertThat(rs.getBigDecimal(3).toPlainString()).isEqualTo(ctx.openInterest().toPlainString());
            assertThat(rs.next()).as("one row per coin per minute").isFalse();
        }
        assertThat(hoard.count("SELECT count(*) FROM open_interest o JOIN instruments i ON i.id = o.instrument_id WHERE i.coin = 'ETH'"))
                .isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).as("REST and WebSocket agree").isZero();
    }

    @Test
    void aDroppedSocketMidMinuteIsRepairedWithNoMissingOrDuplicateMinute() throws Exception {
        ws().emitNow();
        clock.set(Instant.parse("2026-03-04T10:05:30Z"));
        ws().faults().dropAll();

        awaitConnections(2);
        awaitRepairedUpTo("BTC", Instant.parse("2026-03-04T10:04:00Z"));
        awaitRepairedUpTo("ETH", Instant.parse("2026-03-04T10:04:00Z"));

        assertThat(candle("BTC", Instant.parse("2026-03-04T10:00:00Z"))).as("the minute the socket dropped in")
                .isEqualTo(expected(truth("BTC", Instant.parse("2026-03-04T10:00:00Z"), clock.instant()), true));
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).isZero();
        for (String coin : List.of("BTC", "ETH")) {
            assertThat(hoard.count("""
                    SELECT count(*) FROM generate_series(timestamptz '2026-03-04T09:00:00Z', timestamptz '2026-03-04T10:04:00Z',
                                                         interval '1 minute') AS m(open_time)
                     WHERE NOT EXISTS (SELECT 1 FROM candles c JOIN instruments i ON i.id = c.instrument_id
                                        WHERE i.coin = '%s' AND c.interval = '1m' AND c.open_time = m.open_time AND c.is_final)"""
                    .formatted(coin))).as("missing final minutes of " + coin).isZero();
            assertThat(candle(coin, Instant.parse("2026-03-04T10:03:00Z")))
                    .isEqualTo(expected(truth(coin, Instant.parse("2026-03-04T10:03:00Z"), clock.instant()), true));
        }
        assertThat(hoard.count("SELECT count(*) FROM (SELECT instrument_id, interval, open_time FROM candles"
                + " GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).isZero();
        assertThat(ws().stats().subscribeMessagesPerConnection()).as("every subscription resent on reconnect").containsExactly(4, 4);
        assertThat(ws().stats().maxConcurrentConnections()).as("never two sockets at once").isEqualTo(1);
    }

    @Test
    void resubscribesAfterEveryReconnectAndNeverHoldsTwoSockets() {
        for (int drop = 1; drop <= 3; drop++) {
            ws().faults().dropAll();
            awaitConnections(drop + 1);
        }
        ws().faults().refuseConnections(2);
        ws().faults().dropAll();
        awaitConnections(5);

        assertThat(ws().stats().subscribeMessagesPerConnection()).containsExactly(4, 4, 4, 4, 4);
        assertThat(ws().stats().maxConcurrentConnections()).isEqualTo(1);
        assertThat(ws().stats().refused()).isEqualTo(2);
    }

    @Test
    void streamFramesReconnectsAndFreshnessAreInPrometheusAndTheHealthChecks() throws Exception {
        ws().emitNow();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hoard.apiUrl("/metrics"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("hoard_stream_frames_total\\{[^}]*stream=\"[^\"]+\"[^}]*} [1-9]");
            assertThat(metrics).containsPattern("hoard_stream_connects_total\\{[^}]*} [1-9]");
            assertThat(metrics).contains("hoard_stream_last_frame_age_seconds{");
        });
        String checks = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hoard.apiUrl("/health/checks"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(checks).contains("\"id\":\"streams\",\"group\":\"hoard\",\"state\":\"UP\"").contains("last.frame.age.seconds");
    }

    @Test
    void aSilentSocketIsReplaced() {
        ws().faults().silence(Duration.ofSeconds(4));

        awaitConnections(2);

        assertThat(ws().stats().maxConcurrentConnections()).isEqualTo(1);
        assertThat(ws().stats().pingsReceived()).as("pinged while quiet").isPositive();
    }

    @Test
    void aMalformedFrameIsDeadLetteredAndTheStreamFlowsOn() throws Exception {
        ws().faults().malformedNext(1);
        ws().emitNow();
        clock.set(Instant.parse("2026-03-04T10:01:01Z"));
        ws().emitNow();

        await().atMost(WAIT).until(() -> hoard.count("SELECT count(*) FROM dead_letters WHERE source = 'hyperliquid.ws'") == 1);
        Instant minute = Instant.parse("2026-03-04T10:00:00Z");
        await().atMost(WAIT).untilAsserted(() -> assertThat(candle("BTC", minute)).isEqualTo(expected(truth("BTC", minute, clock.instant()), true)));
        assertThat(ws().stats().connectionsOpened()).as("the stream was not restarted").isEqualTo(1);
    }

    @Test
    void aRestartOfHoardLeavesNoHole() throws Exception {
        // Hoard is down for twelve minutes; the restarted app repairs on its connect, and nothing is
        // emitted live, so only repair can fill 10:00-10:11
        hoard.app().close();
        clock.set(Instant.parse("2026-03-04T10:12:20Z"));
        hoard.restartApp();
        awaitConnections(2);
        awaitRepairedUpTo("BTC", Instant.parse("2026-03-04T10:11:00Z"));

        assertThat(hoard.count("""
                SELECT count(*) FROM generate_series(timestamptz '2026-03-04T09:50:00Z', timestamptz '2026-03-04T10:11:00Z',
                                                     interval '1 minute') AS m(open_time)
                 WHERE NOT EXISTS (SELECT 1 FROM candles c JOIN instruments i ON i.id = c.instrument_id
                                    WHERE i.coin = 'BTC' AND c.open_time = m.open_time AND c.is_final)""")).isZero();
    }

    @Test
    void servesCandlesWithTheirFinalityAndTheCatalog() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        Function<String, HttpResponse<String>> get = path -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        var candles = json.readTree(get.apply("/candles/hyperliquid/BTC/USD/perps/1m?limit=3").body());
        assertThat(candles.get("interval").asText()).isEqualTo("1m");
        assertThat(candles.get("data")).extracting(n -> n.get("open_time").asText())
                .containsExactly("2026-03-04T09:58:00Z", "2026-03-04T09:59:00Z", "2026-03-04T10:00:00Z");
        assertThat(candles.get("data")).extracting(n -> n.get("is_final").asBoolean()).containsExactly(true, true, false);
        assertThat(candles.get("data").get(1).get("close").asText())
                .isEqualTo(truth("BTC", Instant.parse("2026-03-04T09:59:00Z"), clock.instant()).c().toPlainString());

        var starlistings = json.readTree(get.apply("/starlistings").body());
        assertThat(starlistings.get("starlistings")).extracting(n -> n.get("coin").asText() + " " + n.get("intervals")
                + " " + n.get("active").asBoolean()).containsExactly("BTC [\"1m\"] true", "ETH [\"1m\"] true");

        var badInterval = get.apply("/candles/hyperliquid/BTC/USD/perps/2m");
        assertThat(badInterval.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badInterval.body()).get("detail").get("parameter").asText()).isEqualTo("interval");
        assertThat(get.apply("/candles/hyperliquid/NOPE/USD/perps/1m").statusCode()).isEqualTo(404);
        assertThat(get.apply("/open-interest/hyperliquid/BTC/USD/perps?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void fundingHistoryPagesBeyond500RowsAndAResumedRunFetchesNothingTwice() throws Exception {
        HyperliquidHistory history = hoard.bean("hyperliquidHistory", HyperliquidHistory.class);
        hoard.simulator.resetCounts();
        Instant from = clock.instant().minus(Duration.ofDays(60));

        long written = history.funding("SOL", from, clock.instant(), true, null);

        assertThat(hoard.simulator.requestCount("fundingHistory")).isGreaterThanOrEqualTo(3);
        assertThat(hoard.count("SELECT count(*) FROM funding_rates f JOIN instruments i ON i.id = f.instrument_id"
                + " WHERE i.coin = 'SOL'")).isEqualTo(60 * 24).isEqualTo(written);
        hoard.simulator.resetCounts();
        assertThat(history.funding("SOL", from, clock.instant(), true, null)).isZero();
        assertThat(hoard.simulator.requestCount("fundingHistory")).isLessThanOrEqualTo(1);
    }

    @Test
    void aBackfillBeyondTheCandleWindowSaysSoPlainly() throws Exception {
        HyperliquidHistory history = hoard.bean("hyperliquidHistory", HyperliquidHistory.class);
        List<String> notices = new ArrayList<>();

        history.candles("SOL", dev.hoard.model.CandleInterval.H1, clock.instant().minus(Duration.ofDays(365)),
                clock.instant(), true, null, notices::add);

        assertThat(notices).singleElement().asString().contains("SOL 1h", "only the latest 5000 candles", "cannot be fetched");
        assertThat(hoard.count("SELECT count(*) FROM candles c JOIN instruments i ON i.id = c.instrument_id"
                + " WHERE i.coin = 'SOL' AND c.interval = '1h' AND c.is_final")).isEqualTo(4999);
    }
}
