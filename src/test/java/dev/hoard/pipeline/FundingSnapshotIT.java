package dev.hoard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoard.HoardHarness;
import dev.hoard.sim.HyperliquidGroundTruth;
import dev.hoard.sim.HyperliquidGroundTruth.AssetCtx;
import dev.hoard.sim.SimFaults.Malformed;
import dev.hoard.upstream.MalformedPayloadException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hourly funding snapshot, end to end: real routes, the simulator, real PostgreSQL. */
class FundingSnapshotIT {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static final Instant HOUR = Instant.parse("2026-03-04T10:00:00Z");
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    @BeforeEach
    void reset() throws SQLException {
        hoard.simulator.faults().clear();
        hoard.simulator.resetCounts();
        hoard.execute("DROP TRIGGER IF EXISTS fail_open_interest ON open_interest");
        hoard.execute("TRUNCATE funding_rates, open_interest, instruments, dead_letters, pipeline_runs CASCADE");
    }

    private long metaAndAssetCtxsRequests() {
        return hoard.simulator.requestCount("metaAndAssetCtxs");
    }

    @Test
    void storesEveryPerpOfTheUniverseWithExactValuesStampedWithTheHour() throws SQLException {
        Exchange result = hoard.takeSnapshot();

        assertThat(result.getException()).isNull();
        HyperliquidGroundTruth truth = hoard.simulator.hyperliquid().groundTruth();
        assertThat(hoard.count("SELECT count(*) FROM instruments")).isEqualTo(truth.coins().size());
        assertThat(hoard.count("SELECT count(*) FROM funding_rates WHERE time = '" + HOUR + "'")).isEqualTo(truth.coins().size());
        assertThat(hoard.count("SELECT count(*) FROM open_interest WHERE time = '" + HOUR + "'")).isEqualTo(truth.coins().size());
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT i.coin, i.quote, i.market_type, i.delisted, f.funding_rate, f.premium, f.mark_price, f.oracle_price,
                       f.mid_price, f.impact_bid_price, f.impact_ask_price, f.prev_day_price,
                       o.open_interest, o.day_base_volume, o.day_notional_volume
                  FROM instruments i JOIN funding_rates f ON f.instrument_id = i.id
                  JOIN open_interest o ON o.instrument_id = i.id AND o.time = f.time""")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                String coin = rs.getString("coin");
                AssetCtx ctx = truth.ctx(coin, NOW);
                assertThat(rs.getString("quote")).isEqualTo("USD");
                assertThat(rs.getString("market_type")).isEqualTo("perps");
                assertThat(rs.getBoolean("delisted")).as(coin).isEqualTo(truth.isDelisted(coin));
                assertExact(rs.getBigDecimal("funding_rate"), ctx.funding(), coin);
                assertExact(rs.getBigDecimal("premium"), ctx.premium(), coin);
                assertExact(rs.getBigDecimal("mark_price"), ctx.markPx(), coin);
                assertExact(rs.getBigDecimal("oracle_price"), ctx.oraclePx(), coin);
                assertExact(rs.getBigDecimal("mid_price"), ctx.midPx(), coin);
                assertExact(rs.getBigDecimal("impact_bid_price"), ctx.impactBid(), coin);
                assertExact(rs.getBigDecimal("impact_ask_price"), ctx.impactAsk(), coin);
                assertExact(rs.getBigDecimal("prev_day_price"), ctx.prevDayPx(), coin);
                assertExact(rs.getBigDecimal("open_interest"), ctx.openInterest(), coin);
                assertExact(rs.getBigDecimal("day_base_volume"), ctx.dayBaseVlm(), coin);
                assertExact(rs.getBigDecimal("day_notional_volume"), ctx.dayNtlVlm(), coin);
            }
            assertThat(rows).isEqualTo(truth.coins().size());
        }
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'success' AND rows = 13"
                + " AND period_start = '" + HOUR + "'")).isEqualTo(1);
    }

    private static void assertExact(BigDecimal stored, BigDecimal expected, String coin) {
        if (expected == null) {
            assertThat(stored).as(coin).isNull();
        } else {
            assertThat(stored).as(coin).isNotNull();
            assertThat(stored.toPlainString()).as(coin).isEqualTo(expected.toPlainString());
        }
    }

    @Test
    void takingTheSameHourAgainAddsAndChangesNothing() throws SQLException {
        hoard.takeSnapshot();
        String before = tableDigest();
        // the upstream's values have moved on since, but the hour is already stored
        hoard.simulator.hyperliquid().clock(Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC));
        try {
            Exchange again = hoard.takeSnapshot();
            assertThat(again.getException()).isNull();
        } finally {
            hoard.simulator.hyperliquid().clock(Clock.fixed(NOW, ZoneOffset.UTC));
        }

        assertThat(tableDigest()).isEqualTo(before);
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isEqualTo(13);
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE detail LIKE '%new_funding_rows=0%'")).isEqualTo(1);
    }

    private String tableDigest() throws SQLException {
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
                  SELECT f::text AS t FROM funding_rates f
                  UNION ALL SELECT o::text FROM open_interest o
                  UNION ALL SELECT i::text FROM instruments i) x""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void retriesRateLimitsServerErrorsAndDroppedConnections() throws SQLException {
        hoard.simulator.faults().dropNext(1).failNext(2, 429).failNext(1, 503);

        Exchange result = hoard.takeSnapshot();

        assertThat(result.getException()).isNull();
        assertThat(metaAndAssetCtxsRequests()).isEqualTo(5);
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isEqualTo(13);
    }

    @Test
    void retriesTimeouts() throws Exception {
        try (HoardHarness slow = HoardHarness.builder()
                .property("camel.component.http.response-timeout", "300")
                .property("camel.component.http.so-timeout", "300")
                .property("hoard.retry.max-redeliveries", "2")
                .simulator(simulator -> simulator.faults().latency(Duration.ofMillis(1500)))
                .start()) {
            Exchange result = slow.takeSnapshot();

            assertThat(result.getException()).hasMessageContaining("timed out");
            assertThat(slow.simulator.requestCount("metaAndAssetCtxs")).isEqualTo(3);
            assertThat(slow.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'failed' AND detail LIKE '%timed out%'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void givesUpAfterTheConfiguredRetriesAndRecordsTheFailure() throws SQLException {
        hoard.simulator.faults().failNext(100, 500);

        Exchange result = hoard.takeSnapshot();

        assertThat(result.getException()).hasMessageContaining("500");
        assertThat(metaAndAssetCtxsRequests()).isEqualTo(5); // one try and four redeliveries
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'failed' AND detail LIKE '%500%'"))
                .isEqualTo(1);
    }

    @Test
    void doesNotRetryAClientError() throws SQLException {
        hoard.simulator.faults().failNext(1, 422);

        assertThat(hoard.takeSnapshot().getException()).hasMessageContaining("422");
        assertThat(metaAndAssetCtxsRequests()).isEqualTo(1);
    }

    @Test
    void rejectsAWholeResponseWhoseArraysDoNotLineUp() throws SQLException {
        hoard.simulator.faults().malformedNext(1, Malformed.LENGTH_MISMATCH);

        Exchange result = hoard.takeSnapshot();

        assertThat(result.getException()).isInstanceOf(MalformedPayloadException.class);
        assertThat(metaAndAssetCtxsRequests()).isEqualTo(1);
        assertNothingStored();
        assertThat(hoard.count("SELECT count(*) FROM dead_letters WHERE source = 'hyperliquid.metaAndAssetCtxs'"
                + " AND reason LIKE 'universe has 13 assets but contexts has 12%' AND payload LIKE '[{\"universe\"%'"))
                .isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'failed'")).isEqualTo(1);
    }

    @Test
    void rejectsATruncatedOrNonJsonBody() throws SQLException {
        hoard.simulator.faults().malformedNext(1, Malformed.TRUNCATED).malformedNext(1, Malformed.NOT_JSON)
                .malformedNext(1, Malformed.UNIVERSE_NOT_ARRAY);

        for (int i = 0; i < 3; i++) {
            assertThat(hoard.takeSnapshot().getException()).isInstanceOf(MalformedPayloadException.class);
        }

        assertNothingStored();
        assertThat(hoard.count("SELECT count(*) FROM dead_letters")).isEqualTo(3);
    }

    private void assertNothingStored() throws SQLException {
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM open_interest")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM instruments")).isZero();
    }

    @Test
    void deadLettersOneBadAssetAndStoresTheRest() throws SQLException {
        hoard.simulator.faults().malformedNext(1, Malformed.NON_NUMERIC_FUNDING).malformedNext(1, Malformed.STRING_CTX);

        assertThat(hoard.takeSnapshot().getException()).isNull();

        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isEqualTo(12);
        assertThat(hoard.count("SELECT count(*) FROM open_interest")).isEqualTo(12);
        assertThat(hoard.count("SELECT count(*) FROM instruments WHERE coin = 'ETH'")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM dead_letters WHERE reason LIKE 'asset ETH (index 1): funding is not a decimal%'"))
                .isEqualTo(1);

        // the next hour's snapshot of the same upstream, with a string where asset 2's context was due
        hoard.execute("TRUNCATE funding_rates, open_interest, instruments, pipeline_runs CASCADE");
        assertThat(hoard.takeSnapshot().getException()).isNull();
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isEqualTo(12);
        assertThat(hoard.count("SELECT count(*) FROM instruments WHERE coin = 'SOL'")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM dead_letters WHERE reason LIKE 'asset SOL (index 2): context is a string%'"))
                .isEqualTo(1);
    }

    @Test
    void aDatabaseFailureMidSnapshotRollsBackAndIsRetried() throws SQLException {
        failOpenInterestInserts(1);

        Exchange result = hoard.takeSnapshot();

        assertThat(result.getException()).isNull();
        assertThat(hoard.count("SELECT nextval('open_interest_failures') - 1")).isEqualTo(2); // failed once, then passed
        assertThat(hoard.count("SELECT count(*) FROM funding_rates")).isEqualTo(13);
        assertThat(hoard.count("SELECT count(*) FROM open_interest")).isEqualTo(13);
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'success'")).isEqualTo(1);
    }

    @Test
    void aDatabaseThatKeepsFailingLeavesNothingHalfWritten() throws SQLException {
        failOpenInterestInserts(1000);

        Exchange result = hoard.takeSnapshot();

        assertThat(result.getException()).hasMessageContaining("open_interest unavailable");
        // funding rows are written before open interest in the same transaction: none may remain
        assertNothingStored();
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'failed'")).isEqualTo(1);
    }

    /** The first {@code failures} statements that insert into open_interest raise an error. */
    private static void failOpenInterestInserts(int failures) throws SQLException {
        hoard.execute("DROP SEQUENCE IF EXISTS open_interest_failures");
        hoard.execute("CREATE SEQUENCE open_interest_failures");
        hoard.execute("""
                CREATE OR REPLACE FUNCTION fail_open_interest() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('open_interest_failures') <= %d THEN
                    RAISE EXCEPTION 'open_interest unavailable (injected by test)';
                  END IF;
                  RETURN NULL;
                END $$""".formatted(failures));
        hoard.execute("CREATE TRIGGER fail_open_interest BEFORE INSERT ON open_interest"
                + " FOR EACH STATEMENT EXECUTE FUNCTION fail_open_interest()");
    }

    @Test
    void theTimerTakesTheCurrentHourAtStartUpAndOnlyOnce() throws Exception {
        try (HoardHarness scheduled = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .property("hoard.schedules.enabled", "true")
                .property("hoard.hyperliquid.funding-snapshot.check-period-ms", "50")
                .start()) {
            NotifyBuilder ticks = new NotifyBuilder(scheduled.context())
                    .fromRoute("hyperliquid-funding-snapshot-schedule").whenDone(10).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> scheduled.count("SELECT count(*) FROM funding_rates") == 13);
            assertThat(ticks.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(scheduled.simulator.requestCount("metaAndAssetCtxs")).isEqualTo(1);
            assertThat(scheduled.count("SELECT count(*) FROM pipeline_runs WHERE period_start = '" + HOUR + "'")).isEqualTo(1);
        }
    }
}
