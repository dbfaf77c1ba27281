package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.TestDatabase;
import dev.hoard.sim.ExchangeSimulator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code hoard backfill binance} and {@code hoard verify} as a user runs them: separate JVMs, exit codes, stderr. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinanceCommandsIT {

    private static TestDatabase database;
    private static ExchangeSimulator simulator;

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        simulator = new ExchangeSimulator(0).start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
        database.close();
    }

    private static HoardProcess.Result hoard(String... args) throws Exception {
        return HoardProcess.run(Map.of(
                "DATABASE_URL", database.url(),
                "HOARD_BINANCE_REST_URL", simulator.binanceRestUrl(),
                "HOARD_RETRY_MAX_REDELIVERIES", "2",
                "HOARD_RETRY_INITIAL_DELAY_MS", "10"), args);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    @Order(1)
    void backfillShowsProgressAndExitsZeroThenVerifyPasses() throws Exception {
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(20).toString();
        HoardProcess.Result backfill = hoard("backfill", "binance", "--symbols", "BTCUSDT,ETHUSDT", "--intervals", "1h,1d",
                "--from", from);
        assertThat(backfill.exitCode()).as(backfill.all()).isZero();
        assertThat(backfill.stderr()).isEmpty();
        assertThat(backfill.stdout()).containsPattern("backfill binance: 100\\.0%  rows=[\\d,]+  [\\d,]+ rows/s  eta=0s");

        HoardProcess.Result verify = hoard("verify", "--exchange", "binance");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.stdout()).contains("binance      BTCUSDT    1h", "binance      ETHUSDT    1d", "missing=0")
                .contains("verify: 4 series, 0 failed");
    }

    @Test
    @Order(2)
    void verifyExitsNonZeroOnAGap() throws Exception {
        execute("DELETE FROM candles WHERE interval = '1h' AND open_time = (SELECT min(open_time) + interval '5 hours'"
                + " FROM candles WHERE interval = '1h')");
        HoardProcess.Result verify = hoard("verify");
        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.stdout()).contains("missing=1 gaps=[");
        assertThat(verify.stdout().lines().filter(line -> line.startsWith("FAIL ")))
                .as("`hoard verify | grep FAIL` lists the failing series").isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(" 1h ", "missing=1"));
        assertThat(verify.stdout().lines().filter(line -> line.startsWith("OK "))).isNotEmpty();
        assertThat(verify.stderr().strip()).doesNotContain("\n").startsWith("hoard verify: ")
                .contains("missing candle(s)");
    }

    @Test
    @Order(3)
    void backfillExitsNonZeroWithOneLineWhenBinanceRefuses() throws Exception {
        simulator.binance().failKlinesAfter(0, 400);
        HoardProcess.Result backfill = hoard("backfill", "binance", "--symbols", "SOLUSDT", "--intervals", "1d",
                "--from", "2025-01-01");
        assertThat(backfill.exitCode()).isNotZero();
        assertThat(backfill.reason()).startsWith("hoard backfill binance: ").contains("HTTP 400");
    }

    @Test
    @Order(4)
    void aBackfillKilledWithSigkillResumesExactly() throws Exception {
        java.util.List<String> args = java.util.List.of("backfill", "binance", "--symbols", "BNBUSDT", "--intervals", "1m",
                "--from", "2025-06-01", "--to", "2025-07-01");
        long total = 30L * 1440;
        simulator.faults().latency(java.time.Duration.ofMillis(40));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoardCommand.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("DATABASE_URL", database.url(),
                "HOARD_BINANCE_REST_URL", simulator.binanceRestUrl()));
        Process process = builder.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> bnbRows() >= 10 * 499);
        } finally {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            process.waitFor();
        }
        simulator.faults().latency(java.time.Duration.ZERO);
        long stored = bnbRows();
        assertThat(stored).as("pages commit whole, with their cursor").isLessThan(total).isEqualTo(stored / 499 * 499);

        simulator.resetCounts();
        HoardProcess.Result rerun = hoard(args.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(simulator.requestCount("binance.klines")).as("only what was missing")
                .isEqualTo((total - stored + 498) / 499);
        assertThat(bnbRows()).isEqualTo(total);
        HoardProcess.Result verify = hoard("verify", "--symbol", "BNBUSDT");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.stdout()).contains("rows=43200 expected=43200 missing=0 duplicates=0");
    }

    private static long bnbRows() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM candles c JOIN instruments i ON i.id = c.instrument_id"
                     + " WHERE i.symbol = 'BNBUSDT'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
