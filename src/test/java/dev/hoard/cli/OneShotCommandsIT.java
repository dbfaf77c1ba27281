package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.TestDatabase;
import dev.hoard.db.HoardDatabase;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.upstream.twap.TwapParquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every one-shot command starts only what its job needs: with both exchanges' streams pointed at the
 * simulator and a catalog naming instruments on both, none connects (no gap repair either), the catalog
 * is not synced, and no table outside the job's own changes. Results go to stdout; logs, at WARN, to
 * stderr, so a successful command's stderr is empty.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneShotCommandsIT {

    private static TestDatabase database;
    private static ExchangeSimulator simulator;
    private static Path metricCatalog;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.create();
        HoardDatabase schema = new HoardDatabase(database.url(), dir.resolve("unused"), 0, 2);
        schema.start(); // the migrations, so that "before" has every table
        schema.stop();
        simulator = new ExchangeSimulator(0).start();
        metricCatalog = Files.writeString(dir.resolve("defillama.csv"), "asset,kind,metric,enabled,backfill_start\n"
                + "Ethereum,chain,TVL,true," + LocalDate.now(ZoneOffset.UTC).minusDays(3) + "\n");
    }

    @AfterAll
    static void stop() {
        simulator.close();
        database.close();
    }

    private static HoardProcess.Result hoard(String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", database.url(),
                "HOARD_HYPERLIQUID_REST_URL", simulator.hyperliquidRestUrl(),
                "HOARD_HYPERLIQUID_WS_URL", simulator.hyperliquidWsUrl(),
                "HOARD_BINANCE_REST_URL", simulator.binanceRestUrl(),
                "HOARD_BINANCE_WS_URL", simulator.binanceWsUrl(),
                "HOARD_DEFILLAMA_URL", simulator.defillamaUrl(),
                "HOARD_DEFILLAMA_COINS_URL", simulator.defillamaUrl(),
                "HOARD_DEFILLAMA_CATALOG", metricCatalog.toString()));
        env.put("HOARD_RETRY_INITIAL_DELAY_MS", "10");
        return HoardProcess.run(env, args);
    }

    /** Rows per table (the schema history aside). */
    private static Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Runs a command that must succeed, connect no stream and change no table but {@code itsTables}. */
    private static HoardProcess.Result onlyItsJob(Set<String> itsTables, String... args) throws Exception {
        Map<String, Long> before = rowCounts();
        simulator.hyperliquid().ws().stats().reset();
        long binanceConnections = simulator.binance().ws().connectionsOpened();

        HoardProcess.Result result = hoard(args);

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stderr()).as("nothing at WARN or above").isEmpty();
        assertThat(simulator.hyperliquid().ws().stats().connectionsOpened()).as("Hyperliquid stream connections").isZero();
        assertThat(simulator.binance().ws().connectionsOpened()).as("Binance stream connections").isEqualTo(binanceConnections);
        Map<String, Long> after = rowCounts();
        Map<String, Long> outside = new TreeMap<>(after);
        outside.keySet().removeAll(itsTables);
        Map<String, Long> outsideBefore = new TreeMap<>(before);
        outsideBefore.keySet().removeAll(itsTables);
        assertThat(outside).as("tables outside the job").isEqualTo(outsideBefore);
        assertThat(after.get("starlistings")).as("the catalog is never synced by a one-shot command").isZero();
        return result;
    }

    @Test
    @Order(1)
    void verifyReadsOnly() throws Exception {
        HoardProcess.Result verify = onlyItsJob(Set.of(), "verify");
        assertThat(verify.stdout()).contains("verify: 0 series");
    }

    @Test
    @Order(1)
    void verboseLogsAtInfoOnStderrAndKeepsStdoutForTheResult() throws Exception {
        HoardProcess.Result verify = hoard("verify", "--verbose");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.stderr()).contains(" INFO ");
        assertThat(verify.stdout().strip()).isEqualTo("verify: 0 series, 0 failed: 0 missing candle(s), 0 duplicate(s),"
                + " 0 stale provisional row(s)");
    }

    @Test
    @Order(2)
    void backfillsWriteCandlesOnly() throws Exception {
        // the job's own progress row (jobs) is part of the job: the service's /jobs reads it
        Set<String> candles = Set.of("instruments", "candles", "backfill_cursors", "jobs");
        HoardProcess.Result hyperliquid = onlyItsJob(candles, "backfill", "hyperliquid", "--coins", "BTC",
                "--intervals", "1h", "--days", "1", "--datasets", "candles");
        assertThat(hyperliquid.stdout()).contains("backfill hyperliquid: 100.0%");
        HoardProcess.Result binance = onlyItsJob(candles, "backfill", "binance", "--symbols", "BTCUSDT",
                "--intervals", "1h", "--from", LocalDate.now(ZoneOffset.UTC).minusDays(2).toString());
        assertThat(binance.stdout()).contains("backfill binance: 100.0%");
        assertThat(rowCounts().get("candles")).isPositive();
    }

    @Test
    @Order(3)
    void exportWritesFilesOnly() throws Exception {
        HoardProcess.Result export = onlyItsJob(Set.of("jobs"), "export", "candles", "--coin", "BTC", "--intervals", "1h",
                "--days", "1", "--out", dir.resolve("exports").toString());
        assertThat(export.stdout()).containsPattern("wrote \\d+ rows");
    }

    @Test
    @Order(4)
    void pullWritesMetricsOnly() throws Exception {
        HoardProcess.Result pull = onlyItsJob(Set.of("metrics", "metric_cursors", "pulls"), "pull", "defillama", "--backfill");
        assertThat(pull.stdout()).as("its result line").contains("defillama pull mode=backfill");
    }

    @Test
    @Order(5)
    void fundingSnapshotWritesTheSnapshotOnly() throws Exception {
        HoardProcess.Result snapshot = onlyItsJob(Set.of("instruments", "funding_rates", "open_interest", "pipeline_runs"),
                "funding-snapshot");
        assertThat(snapshot.stdout()).as("its result line").contains("hyperliquid-funding-snapshot period=");
    }

    @Test
    @Order(6)
    void etlTwapWritesTwapStatusesOnly() throws Exception {
        Path parquet = Files.write(dir.resolve("twap.parquet"), TwapParquet.node(List.of(
                TwapParquet.row(1, "0x4444444444444444444444444444444444444444", "2026-07-09T19:00:00", "finished"))));
        onlyItsJob(Set.of("twap_status", "etl_s3_ingest_log", "pipeline_runs", "jobs"), "etl-twap", "--local-file", parquet.toString());
        assertThat(rowCounts().get("twap_status")).isEqualTo(1);
    }
}
