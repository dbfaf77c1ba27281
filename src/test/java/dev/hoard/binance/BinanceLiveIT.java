package dev.hoard.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoard.HoardHarness;
import dev.hoard.MutableClock;
import dev.hoard.api.VerifyQuery;
import dev.hoard.backfill.BinanceHistory;
import dev.hoard.model.CandleInterval;
import dev.hoard.sim.BinanceWs;
import dev.hoard.upstream.binance.BinanceKlines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Binance live pipeline end to end: the catalog, combined kline streams of the simulator sharded over
 * connections, x flags, the live buffers, gap repair over REST on every connect, real PostgreSQL.
 */
class BinanceLiveIT {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:10Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private MutableClock clock;
    private HoardHarness hoard;

    private void start(boolean live) throws Exception {
        start(live, "60000");
    }

    private void start(boolean live, String silenceTimeoutMs) throws Exception {
        Path catalog = dir.resolve("starlistings-" + System.nanoTime() + ".yaml");
        Files.writeString(catalog, """
                starlistings:
                  - {exchange: binance, coin: BTC, quote: USDT, market_type: perps, intervals: [1m, 1h]}
                  - {exchange: binance, coin: ETH, quote: USDT, market_type: perps, intervals: [1m]}
                """);
        clock = new MutableClock(T0);
        hoard = HoardHarness.builder().clock(clock)
                .property("hoard.catalog.file", catalog.toString())
                .property("hoard.live.enabled", "true")
                .property("hoard.hyperliquid.live.enabled", "false")
                .property("hoard.binance.live.enabled", String.valueOf(live))
                .property("hoard.live.flush-period-ms", "50")
                .property("hoard.live.provisional-throttle-ms", "0")
                .property("hoard.binance.ws.streams-per-connection", "2")
                .property("hoard.binance.ws.silence-timeout-ms", silenceTimeoutMs)
                .property("hoard.binance.ws.reconnect-initial-ms", "50")
                .property("hoard.binance.ws.reconnect-max-ms", "400")
                .property("hoard.binance.gap-repair.max-candles", "30")
                .start();
    }

    @AfterEach
    void stop() {
        if (hoard != null) {
            hoard.close();
        }
    }

    private BinanceWs ws() {
        return hoard.simulator.binance().ws();
    }

    private void awaitOpen(long opened) {
        await().atMost(WAIT).until(() -> ws().connectionsOpened() >= opened && ws().openConnections() == 2);
    }

    private String stored(String symbol, String interval, Instant open) throws SQLException {
        return KlineRows.stored(hoard, symbol, interval, open);
    }

    private String truth(String symbol, String interval, Instant open, Instant asOf) {
        return KlineRows.truth(hoard, symbol, interval, open, asOf);
    }

    private long finals(String symbol, String interval) throws SQLException {
        return hoard.count("SELECT count(*) FROM candles c JOIN instruments i ON i.id = c.instrument_id WHERE i.symbol = '"
                + symbol + "' AND c.interval = '" + interval + "' AND c.is_final");
    }

    @Test
    void streamsEveryIntervalOverShardedCombinedStreamsAndXTrueMakesTheClosedKlineFinal() throws Exception {
        start(true);
        awaitOpen(2);
        assertThat(ws().openStreams()).containsExactlyInAnyOrder(
                List.of("btcusdt@kline_1m", "btcusdt@kline_1h"), List.of("ethusdt@kline_1m"));
        Instant minute = Instant.parse("2026-03-04T10:00:00Z");
        // start-up repair: the 30 klines before, final, and the open one over REST, provisional
        await().atMost(WAIT).until(() -> finals("BTCUSDT", "1m") == 29 && finals("ETHUSDT", "1m") == 29);
        await().atMost(WAIT).until(() -> truth("BTCUSDT", "1m", minute, T0).equals(stored("BTCUSDT", "1m", minute)));

        clock.set(Instant.parse("2026-03-04T10:00:40Z"));
        ws().emitNow();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(stored("BTCUSDT", "1m", minute)).isEqualTo(truth("BTCUSDT", "1m", minute, clock.instant()));
            assertThat(stored("BTCUSDT", "1h", minute)).isEqualTo(truth("BTCUSDT", "1h", minute, clock.instant()));
            assertThat(stored("ETHUSDT", "1m", minute)).isEqualTo(truth("ETHUSDT", "1m", minute, clock.instant()));
        });
        assertThat(stored("BTCUSDT", "1m", minute)).endsWith("false");

        // x:true replaces the provisional row, the REST one included; x:false of the next minute stays provisional
        clock.set(Instant.parse("2026-03-04T10:01:02Z"));
        ws().emitNow();
        Instant next = Instant.parse("2026-03-04T10:01:00Z");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(stored("BTCUSDT", "1m", minute)).isEqualTo(truth("BTCUSDT", "1m", minute, clock.instant())).endsWith("true");
            assertThat(stored("ETHUSDT", "1m", minute)).isEqualTo(truth("ETHUSDT", "1m", minute, clock.instant())).endsWith("true");
            assertThat(stored("BTCUSDT", "1m", next)).isEqualTo(truth("BTCUSDT", "1m", next, clock.instant())).endsWith("false");
            assertThat(stored("BTCUSDT", "1h", minute)).endsWith("false");
        });
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).isZero();
    }

    @Test
    void answersTheServersPingFrames() throws Exception {
        start(true);
        awaitOpen(2);
        ws().pingNow();
        ws().pingNow();
        await().atMost(WAIT).until(() -> ws().pongsReceived() == 4);
        assertThat(ws().pingsSent()).isEqualTo(4);
        assertThat(ws().connectionsOpened()).as("still the same sockets").isEqualTo(2);
    }

    @Test
    void aSocketThatOnlyReceivesPingFramesIsAliveAndOneThatReceivesNothingIsReplaced() throws Exception {
        start(true, "1500");
        awaitOpen(2);
        ws().pingEvery(Duration.ofMillis(300));
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> ws().connectionsOpened() == 2);
        assertThat(ws().pongsReceived()).isGreaterThanOrEqualTo(10);

        ws().pingEvery(Duration.ZERO);
        awaitOpen(4);
        assertThat(ws().maxConcurrentConnections()).isEqualTo(2);
    }

    @Test
    void klinesClosingBetweenTheBackfillAndTheFirstLiveFrameAreFetched() throws Exception {
        start(false);
        BinanceHistory history = hoard.bean("binanceHistory", BinanceHistory.class);
        Instant backfillEnd = Instant.parse("2026-03-04T10:01:00Z");
        history.candles(BinanceKlines.perp("BTC", "USDT"), CandleInterval.M1, Instant.parse("2026-03-04T09:00:00Z"),
                backfillEnd, true, null, n -> { });
        assertThat(stored("BTCUSDT", "1m", Instant.parse("2026-03-04T10:00:00Z"))).endsWith("false");

        // seven minutes pass before the stream opens; its first frame is the kline forming at 10:07
        clock.set(Instant.parse("2026-03-04T10:07:20Z"));
        hoard.context().getRouteController().startRoute("binance-stream");
        awaitOpen(2);
        ws().emitNow();
        Instant forming = Instant.parse("2026-03-04T10:07:00Z");
        await().atMost(WAIT).until(() -> truth("BTCUSDT", "1m", forming, clock.instant())
                .equals(stored("BTCUSDT", "1m", forming)));
        for (Instant open = Instant.parse("2026-03-04T10:00:00Z"); open.isBefore(forming); open = open.plusSeconds(60)) {
            Instant o = open;
            await().atMost(WAIT).until(() -> truth("BTCUSDT", "1m", o, clock.instant()).equals(stored("BTCUSDT", "1m", o)));
        }

        // and after every reconnect: the socket drops, four minutes pass, the new socket's repair fills them
        ws().dropAll();
        clock.set(Instant.parse("2026-03-04T10:11:30Z"));
        awaitOpen(4);
        assertThat(ws().maxConcurrentConnections()).isEqualTo(2);
        await().atMost(WAIT).until(() -> stored("BTCUSDT", "1m", Instant.parse("2026-03-04T10:10:00Z")) != null
                && stored("BTCUSDT", "1m", Instant.parse("2026-03-04T10:10:00Z")).endsWith("true"));
        VerifyQuery.Series series = hoard.bean("verifyQuery", VerifyQuery.class).verify("binance", "BTCUSDT", "1m").get(0);
        assertThat(series.missing()).isZero();
        assertThat(series.duplicates()).isZero();
        assertThat(series.lastOpen()).isEqualTo(Instant.parse("2026-03-04T10:11:00Z"));
    }
}
