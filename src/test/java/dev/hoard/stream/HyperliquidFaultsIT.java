package dev.hoard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hoard.HoardHarness;
import dev.hoard.MutableClock;
import dev.hoard.backfill.GapRepair;
import dev.hoard.sim.HyperliquidGroundTruth;
import dev.hoard.sim.HyperliquidWs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The zero-gap promise under the faults of issue 10's fault run, each reproduced with the simulator's
 * knobs: REST latency during the start-up repair and across a close, a kill during repair, failing
 * REST, a socket silent across a close, frames swapped in transit, and finals that disagree.
 */
class HyperliquidFaultsIT {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:10Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private MutableClock clock;
    private HoardHarness hoard;

    private void start(List<String> coins, java.util.function.Consumer<dev.hoard.sim.ExchangeSimulator> faults)
            throws Exception {
        Path catalog = dir.resolve("starlistings-" + System.nanoTime() + ".yaml");
        StringBuilder yaml = new StringBuilder("starlistings:\n");
        coins.forEach(coin -> yaml.append("  - {exchange: hyperliquid, coin: ").append(coin)
                .append(", quote: USD, market_type: perps, intervals: [1m], funding: false, open_interest: false}\n"));
        Files.writeString(catalog, yaml);
        clock = new MutableClock(T0);
        hoard = HoardHarness.builder().clock(clock).simulator(faults)
                .property("hoard.catalog.file", catalog.toString())
                .property("hoard.live.enabled", "true")
                .property("hoard.binance.live.enabled", "false")
                .property("hoard.live.flush-period-ms", "50")
                .property("hoard.live.provisional-throttle-ms", "0")
                .property("hoard.live.final-grace-ms", "3000")
                .property("hoard.hyperliquid.weight-per-minute", "1000000")
                .property("hoard.hyperliquid.ws.ping-interval-ms", "200")
                .property("hoard.hyperliquid.ws.silence-timeout-ms", "1500")
                .property("hoard.hyperliquid.ws.reconnect-initial-ms", "50")
                .property("hoard.hyperliquid.ws.reconnect-max-ms", "400")
                .start();
    }

    @AfterEach
    void stop() {
        if (hoard != null) {
            hoard.close();
        }
    }

    private HyperliquidWs ws() {
        return hoard.simulator.hyperliquid().ws();
    }

    private GapRepair repair() {
        return hoard.bean("hyperliquidGapRepair", GapRepair.class);
    }

    private void awaitConnections(int opened) {
        await().atMost(WAIT).until(() -> ws().stats().connectionsOpened() >= opened && ws().stats().openConnections() == 1);
    }

    /** Every hole repaired that can be: what is still owed waits for a candle to close. */
    private void awaitRepaired() {
        try {
            await().atMost(WAIT).until(() -> repair().passes() > 0 && !repair().busy());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not repaired at " + clock.instant() + "; open windows:\n" + repair().describe(), e);
        }
    }

    /** Final 1m candles of {@code coin} missing in [from, to]. */
    private long missingFinals(String coin, Instant from, Instant to) throws SQLException {
        return hoard.count("""
                SELECT count(*) FROM generate_series(timestamptz '%s', timestamptz '%s', interval '1 minute') AS m(open_time)
                 WHERE NOT EXISTS (SELECT 1 FROM candles c JOIN instruments i ON i.id = c.instrument_id
                                    WHERE i.coin = '%s' AND c.interval = '1m' AND c.open_time = m.open_time AND c.is_final)"""
                .formatted(from, to, coin));
    }

    private String stored(String coin, Instant open) throws SQLException {
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.open, c.high, c.low, c.close, c.volume, c.trades, c.is_final, c.source FROM candles c"
                        + " JOIN instruments i ON i.id = c.instrument_id WHERE i.coin = '" + coin
                        + "' AND c.interval = '1m' AND c.open_time = '" + open + "'")) {
            return rs.next() ? rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4) + "/"
                    + rs.getString(5) + "/" + rs.getLong(6) + "/final=" + rs.getBoolean(7) : null;
        }
    }

    private String truth(String coin, Instant open, Instant asOf, boolean isFinal) {
        HyperliquidGroundTruth.Candle c = hoard.simulator.hyperliquid().groundTruth().candle(coin, "1m", open, asOf);
        return c.o().toPlainString() + "/" + c.h().toPlainString() + "/" + c.l().toPlainString() + "/" + c.c().toPlainString()
                + "/" + c.v().toPlainString() + "/" + c.n() + "/final=" + isFinal;
    }

    private String closed(String coin, Instant open) {
        return truth(coin, open, open.plusSeconds(60), true);
    }

    /** The oldest 1m candle REST serves at T0: 5000 candles up to the one forming. */
    private static final Instant WINDOW_START = Instant.parse("2026-03-04T10:00:00Z").minus(Duration.ofMinutes(4999));

    @Test
    void aStartUpRepairThatCrossesAMinuteWhileTheStreamWritesFinalsLeavesNoHole() throws Exception {
        List<String> coins = List.of("BTC", "ETH", "SOL", "HYPE");
        start(coins, sim -> sim.faults().latency(Duration.ofMillis(150)));
        awaitConnections(1);
        // while the first coins are repaired, the minute turns and the stream makes 10:00 final for every coin
        ws().emitNow();
        clock.set(Instant.parse("2026-03-04T10:01:01Z"));
        ws().emitNow();
        await().atMost(WAIT).until(() -> hoard.count("SELECT count(*) FROM candles WHERE open_time = '2026-03-04T10:00:00Z'"
                + " AND is_final AND source = 'ws'") == coins.size());
        assertThat(repair().busy()).as("the repair is still running when the live finals land").isTrue();

        awaitRepaired();

        for (String coin : coins) {
            // once the minute turned, the window's oldest candle left Hyperliquid's 5000-candle reach
            assertThat(missingFinals(coin, WINDOW_START.plusSeconds(60), Instant.parse("2026-03-04T10:00:00Z"))).as(coin).isZero();
            assertThat(stored(coin, Instant.parse("2026-03-04T09:30:00Z"))).isEqualTo(closed(coin, Instant.parse("2026-03-04T09:30:00Z")));
        }
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).isZero();
    }

    @Test
    void aRepairKilledHalfwayIsFinishedAfterTheRestartWithNothingLeftProvisional() throws Exception {
        start(List.of("BTC", "ETH"), sim -> sim.faults().latency(Duration.ofMillis(400)));
        awaitConnections(1);
        await().atMost(WAIT).until(() -> hoard.count("SELECT count(*) FROM candles") > 0);
        hoard.app().close(); // mid-repair: some pages written, the rest not, the forming candle provisional

        clock.set(Instant.parse("2026-03-04T10:07:30Z"));
        hoard.simulator.faults().latency(Duration.ofMillis(20));
        hoard.restartApp();
        awaitConnections(2);
        awaitRepaired();

        for (String coin : List.of("BTC", "ETH")) {
            assertThat(missingFinals(coin, Instant.parse("2026-03-04T10:07:00Z").minus(Duration.ofMinutes(4999)),
                    Instant.parse("2026-03-04T10:06:00Z"))).as(coin).isZero();
            assertThat(stored(coin, Instant.parse("2026-03-04T10:00:00Z"))).isEqualTo(closed(coin, Instant.parse("2026-03-04T10:00:00Z")));
        }
        assertThat(hoard.count("SELECT count(*) FROM candles WHERE NOT is_final AND close_time < '2026-03-04T10:07:00Z'"))
                .as("no closed candle left provisional").isZero();
    }

    @Test
    void aFailedRepairIsRetriedWithBackoffAndItsWarningNamesTheHttpStatus() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(GapRepair.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            start(List.of("BTC"), sim -> sim.faults().failNext(30, 500));
            awaitConnections(1);
            awaitRepaired();
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(missingFinals("BTC", WINDOW_START, Instant.parse("2026-03-04T09:59:00Z"))).isZero();
        assertThat(ws().stats().connectionsOpened()).as("retried without waiting for a reconnect").isEqualTo(1);
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("Gap repair of hyperliquid BTC 1m failed", "HTTP 500", "trying again in"));
    }

    @Test
    void aSocketSilentAcrossACloseDoesNotMakeItsPartialCandleFinal() throws Exception {
        start(List.of("BTC"), sim -> { });
        awaitConnections(1);
        awaitRepaired();
        clock.set(Instant.parse("2026-03-04T10:01:15Z")); // the start-up window settles and closes
        await().atMost(WAIT).until(() -> repair().idle());
        Instant minute = Instant.parse("2026-03-04T10:03:00Z");
        clock.set(Instant.parse("2026-03-04T10:03:40Z"));
        ws().emitNow();
        await().atMost(WAIT).until(() -> truth("BTC", minute, clock.instant(), false).equals(stored("BTC", minute)));

        // the socket goes silent; the close and the grace pass with no frame at all
        ws().faults().silence(Duration.ofSeconds(5));
        clock.set(Instant.parse("2026-03-04T10:04:20Z"));
        await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> stored("BTC", minute).endsWith("final=false"));

        // replaced after its silence timeout; the new connection's repair brings the exchange's candle
        awaitConnections(2);
        await().atMost(WAIT).until(() -> closed("BTC", minute).equals(stored("BTC", minute)));
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).as("no partial final was ever stored").isZero();
    }

    @Test
    void aRestAnswerProducedBeforeACloseIsNotFinalHoweverLateItArrives() throws Exception {
        start(List.of("BTC"), sim -> { });
        awaitConnections(1);
        awaitRepaired();
        clock.set(Instant.parse("2026-03-04T10:01:15Z")); // the start-up window settles and closes
        await().atMost(WAIT).until(() -> repair().idle());
        Instant minute = Instant.parse("2026-03-04T10:05:00Z");
        clock.set(Instant.parse("2026-03-04T10:05:58Z"));
        hoard.simulator.faults().latency(Duration.ofSeconds(3));
        long asked = hoard.simulator.requestCount("candleSnapshot");
        ws().faults().dropAll();
        awaitConnections(2);
        await().atMost(WAIT).until(() -> hoard.simulator.requestCount("candleSnapshot") > asked);
        clock.set(Instant.parse("2026-03-04T10:06:03Z")); // the answer, computed at 10:05:58, arrives after the close

        await().atMost(WAIT).until(() -> stored("BTC", minute) != null);
        assertThat(stored("BTC", minute)).isEqualTo(truth("BTC", minute, Instant.parse("2026-03-04T10:05:58Z"), false));

        hoard.simulator.faults().latency(Duration.ZERO);
        clock.set(Instant.parse("2026-03-04T10:06:15Z")); // settled: asked again, the exchange's final is stored
        await().atMost(WAIT).until(() -> closed("BTC", minute).equals(stored("BTC", minute)));
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).isZero();
    }

    @Test
    void framesSwappedInTransitNeverLetAStaleUpdateReplaceANewerOne() throws Exception {
        start(List.of("BTC"), sim -> { });
        awaitConnections(1);
        awaitRepaired();
        Instant minute = Instant.parse("2026-03-04T10:00:00Z");
        ws().faults().swapNext();
        clock.set(Instant.parse("2026-03-04T10:00:20Z"));
        ws().emitNow(); // held back
        clock.set(Instant.parse("2026-03-04T10:00:40Z"));
        ws().emitNow(); // sent first, then the held 10:00:20 frame

        String newer = truth("BTC", minute, Instant.parse("2026-03-04T10:00:40Z"), false);
        await().atMost(WAIT).until(() -> ws().stats().dataFramesSent() >= 2 && newer.equals(stored("BTC", minute)));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> newer.equals(stored("BTC", minute)));

        clock.set(Instant.parse("2026-03-04T10:01:01Z"));
        ws().emitNow();
        await().atMost(WAIT).until(() -> closed("BTC", minute).equals(stored("BTC", minute)));
        assertThat(hoard.count("SELECT count(*) FROM data_quality_events")).isZero();
    }

    @Test
    void aStoredFinalThatDisagreesWithTheExchangeIsReplacedByItsSettledRecordAfterAReconnect() throws Exception {
        start(List.of("BTC"), sim -> { });
        awaitConnections(1);
        awaitRepaired();
        Instant wrong = Instant.parse("2026-03-04T09:58:00Z");
        hoard.execute("UPDATE candles SET close = close + 1, volume = volume / 2, source = 'ws'"
                + " WHERE interval = '1m' AND open_time = '" + wrong + "'"); // a partial final of an earlier run

        ws().faults().dropAll(); // the reconnect's reconcile pass compares the recent closed candles with REST
        awaitConnections(2);
        await().atMost(WAIT).until(() -> closed("BTC", wrong).equals(stored("BTC", wrong)));

        assertThat(hoard.count("SELECT count(*) FROM data_quality_events WHERE kind = 'final-candle-corrected'"
                + " AND time = '" + wrong + "'")).isEqualTo(1);
    }
}
