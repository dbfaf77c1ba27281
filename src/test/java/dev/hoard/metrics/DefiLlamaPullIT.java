package dev.hoard.metrics;

import static dev.hoard.metrics.MetricPulls.catalog;
import static dev.hoard.metrics.MetricPulls.pull;
import static dev.hoard.metrics.MetricPulls.series;
import static dev.hoard.metrics.MetricPulls.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.HoardHarness;
import dev.hoard.pipeline.MetricPullOutcomes.PullSummary;
import dev.hoard.sim.MetricsGroundTruth;
import dev.hoard.sim.SimFaults.Malformed;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DefiLlama pulls end to end: the real routes, the simulator, real PostgreSQL. */
class DefiLlamaPullIT {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-04");
    private static final LocalDate START = LocalDate.parse("2026-02-20");
    private static final String HEADER = "asset,kind,metric,enabled,backfill_start,canonical_asset";
    private static final MetricsGroundTruth TRUTH = new MetricsGroundTruth();
    private static final Path CATALOG = catalog(HEADER);
    private static HoardHarness hoard;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .property("hoard.defillama.catalog", CATALOG.toString())
                .start();
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    @BeforeEach
    void reset() throws SQLException {
        hoard.simulator.faults().clear();
        hoard.simulator.resetCounts();
        setClock(NOW);
        hoard.execute("TRUNCATE metrics, pulls, metric_cursors, dead_letters");
        MetricPulls.rewrite(CATALOG, HEADER,
                "Ethereum,chain,TVL,true," + START + ",ETH",
                "aave,protocol,TVL,true," + START + ",AAVE",
                "Ink,chain,FEES,true," + START + ",",
                "coingecko:ethereum,coin,PRICE,true,,ETH");
    }

    private static void setClock(Instant now) {
        hoard.simulator.defillama().clock(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Instant day(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void backfillStoresEveryClosedDayWithTheUpstreamsOwnTimestampsAndExactValues() throws SQLException {
        PullSummary result = summary(pull(hoard, "defillama", "backfill", null));

        assertThat(result.units()).isEqualTo(3); // the price has no history to backfill
        assertThat(result.errors()).isEmpty();
        Map<Instant, BigDecimal> ethereum = series(hoard, "defillama", "Ethereum", "TVL");
        assertThat(ethereum).hasSize(12); // 2026-02-20 .. 2026-03-03: today is not closed yet
        for (LocalDate d = START; d.isBefore(TODAY); d = d.plusDays(1)) {
            assertThat(ethereum.get(day(d))).as(d.toString()).isEqualByComparingTo(TRUTH.daily("tvl:Ethereum", d));
        }
        assertThat(series(hoard, "defillama", "aave/Ethereum", "TVL")).hasSize(12);
        assertThat(series(hoard, "defillama", "aave/Arbitrum", "TVL")).hasSize(12);
        assertThat(series(hoard, "defillama", "aave", "TVL").get(day(START))).isEqualByComparingTo(
                TRUTH.daily("protocol:aave:Ethereum", START).add(TRUTH.daily("protocol:aave:Arbitrum", START)));
        assertThat(hoard.count("SELECT count(*) FROM metrics WHERE asset LIKE 'aave/%' AND asset NOT IN"
                + " ('aave/Ethereum', 'aave/Arbitrum')")).as("pseudo-chains are skipped").isZero();
        assertThat(hoard.count("SELECT count(*) FROM metrics WHERE time <> date_trunc('day', time)")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM metric_cursors WHERE backfilled_through = '2026-03-03'")).isEqualTo(3);
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE mode = 'backfill' AND status = 'success'")).isEqualTo(3);
        assertThat(hoard.count("SELECT records FROM pulls WHERE asset = 'aave'")).isEqualTo(36);
    }

    @Test
    void zeroIsStoredAsZero() throws SQLException {
        summary(pull(hoard, "defillama", "backfill", "Ink"));

        Map<Instant, BigDecimal> fees = series(hoard, "defillama", "Ink", "FEES");
        assertThat(fees).hasSize(12);
        long zeroDays = START.datesUntil(TODAY).filter(d -> d.toEpochDay() % 3 == 0).count();
        assertThat(fees.values().stream().filter(v -> v.signum() == 0).count()).isEqualTo(zeroDays).isPositive();
        assertThat(hoard.count("SELECT count(*) FROM metrics WHERE value IS NULL")).isZero();
    }

    @Test
    void liveRefreshesTodaysValueAtMidnightAndBackfillsNeverOverwriteIt() throws Exception {
        summary(pull(hoard, "defillama", "live", null));
        Instant today = day(TODAY);
        assertThat(series(hoard, "defillama", "aave/Ethereum", "TVL").get(today))
                .isEqualByComparingTo(TRUTH.at("protocol:aave:Ethereum", NOW)); // the fetch-time point
        assertThat(series(hoard, "defillama", "coingecko:ethereum", "PRICE"))
                .containsOnlyKeys(today).containsValue(TRUTH.at("price:coingecko:ethereum", NOW));
        assertThat(series(hoard, "defillama", "Ethereum", "TVL")).hasSize(13); // the closed days, caught up, and today

        Instant later = NOW.plusSeconds(90 * 60);
        setClock(later);
        hoard.simulator.defillama().clock(Clock.fixed(later, ZoneOffset.UTC));
        summary(pull(hoard, "defillama", "live", "aave"));
        BigDecimal refreshed = series(hoard, "defillama", "aave/Ethereum", "TVL").get(today);
        assertThat(refreshed).isEqualByComparingTo(TRUTH.at("protocol:aave:Ethereum", later))
                .isNotEqualByComparingTo(TRUTH.at("protocol:aave:Ethereum", NOW));
        assertThat(hoard.count("SELECT count(*) FROM metrics WHERE asset = 'aave/Ethereum'")).isEqualTo(13);

        // the next day, a backfill reaches 2026-03-04: the upstream's own midnight point does not replace the live value
        setClock(NOW.plusSeconds(86_400));
        try (HoardHarness nextDay = restartOnSameDatabase(NOW.plusSeconds(86_400))) {
            summary(pull(nextDay, "defillama", "backfill", "aave"));
            assertThat(series(nextDay, "defillama", "aave/Ethereum", "TVL").get(today)).isEqualByComparingTo(refreshed);
        }
    }

    private static HoardHarness restartOnSameDatabase(Instant now) throws Exception {
        return HoardHarness.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).database(hoard.database)
                .property("hoard.defillama.catalog", CATALOG.toString()).start();
    }

    @Test
    void oneFailingAssetNeverLosesTheOthers() throws SQLException {
        MetricPulls.rewrite(CATALOG, HEADER,
                "Ethereum,chain,TVL,true," + START + ",ETH",
                "Atlantis,chain,TVL,true," + START + ",",
                "aave,protocol,TVL,true," + START + ",AAVE");
        hoard.simulator.faults().failNext(5, 503); // the first request, and its four retries

        PullSummary result = summary(pull(hoard, "defillama", "backfill", null));

        assertThat(result.units()).isEqualTo(3);
        assertThat(result.errors()).hasSize(2);
        assertThat(series(hoard, "defillama", "Ethereum", "TVL")).isEmpty();
        assertThat(series(hoard, "defillama", "aave", "TVL")).hasSize(12);
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE asset = 'Ethereum' AND status = 'error'"
                + " AND error LIKE '%statusCode: 503%'")).isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE asset = 'Atlantis' AND status = 'error'"
                + " AND error LIKE '%statusCode: 404%'")).isEqualTo(1);
        assertThat(hoard.simulator.requestCount("defillama /v2/historicalChainTvl/Atlantis")).as("404 is not retried")
                .isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM metric_cursors WHERE asset = 'Ethereum'")).isZero();
    }

    @Test
    void rateLimitsAreRetriedWithBackoffUntilTheyPass() throws SQLException {
        hoard.simulator.faults().failNext(2, 429);

        PullSummary result = summary(pull(hoard, "defillama", "backfill", "Ethereum"));

        assertThat(result.errors()).isEmpty();
        assertThat(hoard.simulator.requestCount("defillama /v2/historicalChainTvl/Ethereum")).isEqualTo(3);
        assertThat(series(hoard, "defillama", "Ethereum", "TVL")).hasSize(12);
    }

    @Test
    void aMalformedResponseIsDeadLetteredAndTheOthersStored() throws SQLException {
        hoard.simulator.faults().malformedNext(1, Malformed.TRUNCATED);

        PullSummary result = summary(pull(hoard, "defillama", "backfill", null));

        assertThat(result.errors()).hasSize(1);
        assertThat(hoard.count("SELECT count(*) FROM dead_letters WHERE source = 'defillama.chain.TVL'"
                + " AND reason LIKE 'not valid JSON%'")).isEqualTo(1);
        assertThat(series(hoard, "defillama", "aave", "TVL")).hasSize(12);
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE status = 'error' AND asset = 'Ethereum'")).isEqualTo(1);
    }

    @Test
    void catalogEditsApplyAtTheNextPullWithoutARestart() throws SQLException {
        summary(pull(hoard, "defillama", "backfill", null));
        MetricPulls.rewrite(CATALOG, HEADER,
                "Ethereum,chain,TVL,false," + START + ",ETH",
                "Solana,chain,TVL,true,2026-03-01,SOL");

        PullSummary result = summary(pull(hoard, "defillama", "backfill", null));

        assertThat(result.units()).isEqualTo(1);
        assertThat(series(hoard, "defillama", "Solana", "TVL")).hasSize(3);
    }

    @Test
    void aBadCatalogLineFailsThePullNamingTheLine() throws SQLException {
        MetricPulls.rewrite(CATALOG, HEADER, "Ethereum,chain,TVL,true," + START + ",ETH", "aave,protocol,FEES,true,,");

        Throwable failure = pull(hoard, "defillama", "backfill", null).getException();

        assertThat(failure).hasMessageContaining("line 3").hasMessageContaining("FEES");
        assertThat(hoard.count("SELECT count(*) FROM pulls WHERE status = 'error' AND asset IS NULL"
                + " AND error LIKE '%line 3%'")).isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM metrics")).isZero();
    }
}
