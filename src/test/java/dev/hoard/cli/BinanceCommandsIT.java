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
        assertThat(verify.stdout()).contains("missing=1 gaps=[", "FAIL");
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
        assertThat(backfill.stderr().strip()).doesNotContain("\n").startsWith("hoard binance: ").contains("HTTP 400");
    }
}
