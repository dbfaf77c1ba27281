package dev.hoard.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hoard.HoardHarness;
import dev.hoard.MutableClock;
import dev.hoard.backfill.GapRepair;
import dev.hoard.db.EmbeddedDatabase;
import dev.hoard.sim.HyperliquidWs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (an embedded server of the test's own, so that it can be stopped and started
 * again on the same files and port) lost under live load: writes resume within 3 s of its return with
 * nothing lost or duplicated, and a shutdown during the outage retries the last write until its
 * deadline, then logs at ERROR exactly what it gives up.
 */
class LiveWritesOutageIT {

    private static final Instant T0 = Instant.parse("2026-03-04T10:00:10Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration RESUME_WITHIN = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    private int port;
    private EmbeddedDatabase postgres;
    private MutableClock clock;
    private HoardHarness hoard;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger flushLog = (Logger) LoggerFactory.getLogger(LiveFlush.class);

    @BeforeEach
    void start() throws Exception {
        port = HoardHarness.freePort();
        postgres = EmbeddedDatabase.start(dir.resolve("pg"), port);
        Path catalog = dir.resolve("starlistings.yaml");
        Files.writeString(catalog, """
                starlistings:
                  - {exchange: hyperliquid, coin: BTC, quote: USD, market_type: perps, intervals: [1m], funding: true, open_interest: true}
                  - {exchange: hyperliquid, coin: ETH, quote: USD, market_type: perps, intervals: [1m], funding: true, open_interest: true}
                """);
        clock = new MutableClock(T0);
        hoard = HoardHarness.builder().clock(clock)
                .property("hoard.database.url", postgres.url().jdbcUrl())
                .property("hoard.catalog.file", catalog.toString())
                .property("hoard.live.enabled", "true")
                .property("hoard.binance.live.enabled", "false")
                .property("hoard.live.flush-period-ms", "100")
                .property("hoard.live.provisional-throttle-ms", "0")
                .property("hoard.live.shutdown-deadline-ms", "6000")
                .property("hoard.hyperliquid.ws.silence-timeout-ms", "600000")
                .start();
        logs.start();
        flushLog.addAppender(logs);
        await().atMost(WAIT).until(() -> ws().stats().openConnections() == 1);
        GapRepair repair = hoard.bean("hyperliquidGapRepair", GapRepair.class);
        await().atMost(WAIT).until(() -> repair.passes() > 0 && !repair.busy());
    }

    @AfterEach
    void stop() throws Exception {
        flushLog.detachAppender(logs);
        try {
            hoard.close();
        } finally {
            postgres.close();
        }
    }

    private HyperliquidWs ws() {
        return hoard.simulator.hyperliquid().ws();
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(postgres.url().jdbcUrl(), "postgres", null);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // not up yet
        }
    }

    /** The live rows of minutes 10:00 and 10:01 that the outage held: final candles, funding, open interest. */
    private long heldRowsStored() {
        return count("SELECT (SELECT count(*) FROM candles WHERE source = 'ws' AND is_final"
                + " AND open_time IN ('2026-03-04T10:00:00Z', '2026-03-04T10:01:00Z'))"
                + " + (SELECT count(*) FROM funding_rates WHERE time IN ('2026-03-04T10:00:00Z', '2026-03-04T10:01:00Z'))"
                + " + (SELECT count(*) FROM open_interest WHERE time IN ('2026-03-04T10:00:00Z', '2026-03-04T10:01:00Z'))");
    }

    /** Text frames Hoard's stream connections received. */
    private static double framesReceived() {
        return Metrics.globalRegistry.find("hoard.stream.frames").tag("stream", "hyperliquid").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** One round of frames at {@code at}, received (and so stamped with {@code at}) before the clock moves on. */
    private void emitAt(Instant at) {
        clock.set(at);
        long sent = ws().stats().dataFramesSent();
        double received = framesReceived();
        ws().emitNow();
        long round = ws().stats().dataFramesSent() - sent;
        await().atMost(WAIT).until(() -> framesReceived() - received >= round);
    }

    /** Live frames while the database is down: two minutes close, for two coins. */
    private void streamTwoMinutesDuringTheOutage() {
        emitAt(T0);
        emitAt(Instant.parse("2026-03-04T10:00:50Z"));
        emitAt(Instant.parse("2026-03-04T10:01:05Z"));
        emitAt(Instant.parse("2026-03-04T10:02:05Z"));
        await().atMost(WAIT).until(() -> hoard.bean("liveFlush", LiveFlush.class).heldRows() >= 12);
    }

    @Test
    void writesResumeWithinThreeSecondsOfTheDatabasesReturnWithNothingLostOrDuplicated() throws Exception {
        postgres.close();
        streamTwoMinutesDuringTheOutage();
        await().atMost(WAIT).until(() -> logs.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("Database unavailable")));

        postgres = EmbeddedDatabase.start(dir.resolve("pg"), port);
        long back = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> heldRowsStored() == 12);
        Duration resumed = Duration.ofNanos(System.nanoTime() - back);
        System.out.printf("LiveWritesOutageIT: held live rows written %d ms after PostgreSQL answered again%n",
                resumed.toMillis());

        assertThat(resumed).isLessThanOrEqualTo(RESUME_WITHIN);
        for (String table : List.of("candles", "funding_rates", "open_interest")) {
            String key = table.equals("candles") ? "instrument_id, interval, open_time" : "instrument_id, time";
            assertThat(count("SELECT count(*) FROM (SELECT " + key + " FROM " + table + " GROUP BY " + key
                    + " HAVING count(*) > 1) d")).as(table).isZero();
        }
        assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().startsWith("Database writes resumed: "));
    }

    @Test
    void aShutdownDuringTheOutageRetriesTheLastWriteUntilItsDeadlineThenSaysExactlyWhatItGivesUp() throws Exception {
        postgres.close();
        streamTwoMinutesDuringTheOutage();

        hoard.app().close();

        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("Live rows given up (not written by the shutdown deadline of 6 s")
                        && m.contains("6 candle(s), 6 funding row(s), 6 open-interest row(s)"))
                .contains("Live rows given up: candles hyperliquid BTC perps 1m final at [2026-03-04T10:00:00Z, 2026-03-04T10:01:00Z]",
                        "Live rows given up: candles hyperliquid BTC perps 1m provisional at [2026-03-04T10:02:00Z]",
                        "Live rows given up: funding hyperliquid ETH perps at [2026-03-04T10:00:00Z, 2026-03-04T10:01:00Z,"
                                + " 2026-03-04T10:02:00Z]");
    }

    @Test
    void aShutdownDuringTheOutageWritesTheLastRowsWhenTheDatabaseReturnsBeforeTheDeadline() throws Exception {
        postgres.close();
        streamTwoMinutesDuringTheOutage();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> hoard.app().close());
        await().atMost(WAIT).until(() -> logs.list.size() > 0 && !hoard.context().isStarted());
        postgres = EmbeddedDatabase.start(dir.resolve("pg"), port);
        closed.get();

        assertThat(heldRowsStored()).isEqualTo(12);
        assertThat(count("SELECT count(*) FROM candles WHERE NOT is_final AND open_time = '2026-03-04T10:02:00Z'"))
                .as("the forming candles, provisional").isEqualTo(2);
        assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    }
}
