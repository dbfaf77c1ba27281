package dev.hoard.metrics;

import static dev.hoard.metrics.MetricPulls.catalog;
import static dev.hoard.metrics.MetricPulls.pull;
import static dev.hoard.metrics.MetricPulls.series;
import static dev.hoard.metrics.MetricPulls.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.hoard.HoardHarness;
import dev.hoard.pipeline.MetricPullOutcomes.PullSummary;
import dev.hoard.sim.ArtemisSim;
import dev.hoard.sim.MetricsGroundTruth;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Artemis pulls end to end, with an API key set: the real routes, the simulator, real PostgreSQL. */
class ArtemisPullIT {

    private static final Instant NOW = Instant.parse("2026-03-04T00:05:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-04");
    private static final LocalDate START = LocalDate.parse("2026-02-01");
    private static final String KEY = "s3cr3t-artemis-k3y";
    private static final String HEADER = "asset,metric,enabled,backfill_start,canonical_asset";
    private static final MetricsGroundTruth TRUTH = new MetricsGroundTruth();
    private static final Path CATALOG = catalog(HEADER);
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        hoard = harness(HoardHarness.builder(), NOW);
    }

    private static HoardHarness harness(HoardHarness.Builder builder, Instant now) throws Exception {
        return builder.clock(Clock.fixed(now, ZoneOffset.UTC))
                .property("hoard.artemis.catalog", CATALOG.toString())
                .property("hoard.artemis.api-key", KEY)
                .property("hoard.artemis.max-days-per-request", "10")
                .simulator(simulator -> simulator.artemis().requireKey(KEY))
                .start();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    @BeforeEach
    void reset() throws SQLException {
        hoard.simulator.faults().clear();
        hoard.simulator.artemis().requireKey(KEY).clearQueries();
        hoard.execute("TRUNCATE metrics, pulls, metric_cursors, dead_letters, pipeline_runs");
        MetricPulls.rewrite(CATALOG, HEADER, "sol,FEES,true," + START + ",SOL", "eth,REVENUE,true," + START + ",ETH");
    }

    private static Instant day(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void backfillAsksInWindowsOfAtMostTheConfiguredDaysAndStoresEveryClosedDayExactly() throws SQLException {
        PullSummary result = summary(pull(hoard, "artemis", "backfill", "sol"));

        assertThat(result.units()).isEqualTo(4); // 2026-02-01 .. 2026-03-03 in windows of 10 days
        assertThat(hoard.simulator.artemis().queries()).extracting(q -> q.get("startDate") + ".." + q.get("endDate"))
                .containsExactly("2026-02-01..2026-02-10", "2026-02-11..2026-02-20", "2026-02-21..2026-03-02",
                        "2026-03-03..2026-03-03");
        Map<Instant, BigDecimal> fees = series(hoard, "artemis", "sol", "FEES");
        assertThat(fees).hasSize(31);
        for (LocalDate d = START; d.isBefore(TODAY); d = d.plusDays(1)) {
            assertThat(fees.get(day(d))).as(d.toString()).isEqualByComparingTo(TRUTH.daily("artemis:sol:FEES", d));
        }
        assertThat(hoard.count("SELECT count(*) FROM metric_cursors WHERE asset = 'sol' AND backfilled_through = '2026-03-03'"))
                .isEqualTo(1);
    }

    @Test
    void aStringWhereDataWasDueIsNoDataAndTheOthersAreStored() throws SQLException {
        MetricPulls.rewrite(CATALOG, HEADER, "ftx,FEES,true," + START + ",FTT", "hyperliquid,DAU,true," + START + ",HYPE",
                "eth,REVENUE,true,2026-03-01,ETH");

        PullSummary result = summary(pull(hoard, "artemis", "backfill", null));

        assertThat(result.noData()).isEqualTo(result.units() - 1);
        assertThat(result.errors()).isEmpty();
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE asset = 'ftx' AND status = 'no_data' AND records = 0"
                + " AND error = '" + ArtemisSim.NO_SYMBOLS + "'")).isEqualTo(4);
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE asset = 'hyperliquid' AND status = 'no_data'"
                + " AND error = '" + ArtemisSim.NO_METRIC + "'")).isEqualTo(4);
        assertThat(series(hoard, "artemis", "eth", "REVENUE")).hasSize(3);
        assertThat(hoard.count("SELECT count(*) FROM dead_letters")).isZero();
    }

    @Test
    void livePullStampsTheNewestDayAtMidnightAndOverwritesIt() throws SQLException {
        summary(pull(hoard, "artemis", "live", "eth"));
        BigDecimal early = TRUTH.at("artemis:eth:REVENUE", NOW);
        assertThat(series(hoard, "artemis", "eth", "REVENUE").get(day(TODAY))).isEqualByComparingTo(early);

        Instant later = NOW.plusSeconds(3600);
        hoard.simulator.artemis().clock(Clock.fixed(later, ZoneOffset.UTC));
        try {
            summary(pull(hoard, "artemis", "live", "eth"));
        } finally {
            hoard.simulator.artemis().clock(Clock.fixed(NOW, ZoneOffset.UTC));
        }
        assertThat(series(hoard, "artemis", "eth", "REVENUE").get(day(TODAY)))
                .isEqualByComparingTo(TRUTH.at("artemis:eth:REVENUE", later)).isNotEqualByComparingTo(early);
        // the first live pull also caught up the closed days (4 windows), the second asked only from the cursor on
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE mode = 'live' AND status = 'success'")).isEqualTo(5);
        assertThat(hoard.simulator.artemis().queries().get(4)).containsEntry("startDate", "2026-03-04");
    }

    @Test
    void thePullsLogRecordsEveryPull() throws SQLException {
        hoard.simulator.faults().failNext(5, 500);
        summary(pull(hoard, "artemis", "backfill", null));

        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT source, asset, metric, mode, status, records, error, started_at <= finished_at FROM pulls ORDER BY id")) {
            rs.next();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .containsExactly("artemis", "sol", "FEES", "backfill", "error");
            assertThat(rs.getInt(6)).isZero();
            assertThat(rs.getString(7)).contains("statusCode: 500");
            assertThat(rs.getBoolean(8)).isTrue();
            int successes = 0;
            while (rs.next()) {
                assertThat(rs.getString(5)).isEqualTo("success");
                assertThat(rs.getString(7)).isNull();
                successes += rs.getInt(6) > 0 ? 1 : 0;
            }
            assertThat(successes).isPositive();
        }
        // the failed first window stopped the cursor before it, so nothing after it is skipped next time
        assertThat(hoard.count("SELECT count(*) FROM metric_cursors WHERE asset = 'sol'")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM metric_cursors WHERE asset = 'eth'")).isEqualTo(1);
    }

    @Test
    void aFailingCallWithTheKeySetNeverLeaksTheKey() throws SQLException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Exchange result;
        try {
            hoard.simulator.artemis().requireKey("another-key");
            hoard.simulator.faults().failNext(2, 503);
            result = pull(hoard, "artemis", "backfill", "sol");
        } finally {
            root.detachAppender(logs);
        }

        PullSummary summary = summary(result);
        assertThat(summary.errors()).hasSize(4).allSatisfy(e -> assertThat(e).contains("APIKey=").doesNotContain(KEY));
        assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(KEY);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(KEY);
            }
        });
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE status = 'error' AND error LIKE '%401%'")).isEqualTo(4);
        for (String table : new String[] {"pulls", "dead_letters", "pipeline_runs", "metrics", "metric_cursors"}) {
            assertThat(hoard.count("SELECT count(*) FROM " + table + " t WHERE t::text LIKE '%" + KEY + "%'"))
                    .as(table).isZero();
        }
        // and the key does go to Artemis: with the key it expects, the same pull succeeds
        hoard.simulator.artemis().requireKey(KEY);
        assertThat(summary(pull(hoard, "artemis", "backfill", "sol")).errors()).isEmpty();
    }

    @Test
    void aRestartBackfillsOnlyWhatIsMissingFromTheCursorAndThenPullsLiveOnTheCron() throws Exception {
        summary(pull(hoard, "artemis", "backfill", null));
        long stored = hoard.count("SELECT count(*) FROM metrics");
        Instant threeDaysLater = NOW.plusSeconds(3 * 86_400);
        try (HoardHarness restarted = harness(HoardHarness.builder().database(hoard.database)
                .property("hoard.schedules.enabled", "true")
                .property("hoard.hyperliquid.funding-snapshot.enabled", "false")
                .property("hoard.defillama.enabled", "false")
                .property("hoard.artemis.check-period-ms", "50"), threeDaysLater)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> restarted.count(
                    "SELECT count(*) FROM pulls WHERE mode = 'live' AND started_at = '" + threeDaysLater + "'") == 2);
            List<Map<String, String>> queries = restarted.simulator.artemis().queries();
            // the start-up backfill asks only for the days after the cursor, then the cron's live pull for today
            assertThat(queries).extracting(q -> q.get("symbols") + " " + q.get("startDate") + ".." + q.get("endDate"))
                    .containsExactly("sol 2026-03-04..2026-03-06", "eth 2026-03-04..2026-03-06",
                            "sol 2026-03-07..2026-03-07", "eth 2026-03-07..2026-03-07");
            assertThat(restarted.count("SELECT count(*) FROM metrics")).isEqualTo(stored + 2 * 3 + 2);
            assertThat(restarted.count("SELECT count(*) FROM pulls WHERE mode = 'backfill' AND started_at = '"
                    + threeDaysLater + "' AND records = 3")).isEqualTo(2);
        }
    }

}
