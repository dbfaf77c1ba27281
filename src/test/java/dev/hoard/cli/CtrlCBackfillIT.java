package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.sim.ExchangeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a backfill on the embedded PostgreSQL, sent as a terminal sends it (SIGINT to the
 * command's whole process group): the job stops after the page in flight, the database stops last and
 * cleanly, the command says to rerun and exits 130 within seconds; the rerun fetches only what is missing,
 * and nothing is missing or duplicated.
 */
class CtrlCBackfillIT {

    private static final String[] BACKFILL = {"backfill", "binance", "--symbols", "BNBUSDT", "--intervals", "1m",
        "--from", "2025-06-01", "--to", "2025-07-01"};
    private static final long TOTAL = 30L * 1440;
    private static final int PAGE = 499;

    @TempDir
    Path dataDirectory;
    private ExchangeSimulator simulator;

    @BeforeEach
    void start() {
        simulator = new ExchangeSimulator(0).start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private Map<String, String> environment() {
        return Map.of("DATABASE_URL", "", // the embedded PostgreSQL
                "HOARD_EMBEDDED_DB_DATA_DIR", dataDirectory.resolve("postgres").toString(),
                "HOARD_BINANCE_REST_URL", simulator.binanceRestUrl());
    }

    /** The rows of the newest progress line. */
    private static long progressRows(String stdout) {
        Matcher rows = Pattern.compile("backfill binance: .* rows=([\\d,]+) ").matcher(stdout);
        long last = 0;
        while (rows.find()) {
            last = Long.parseLong(rows.group(1).replace(",", ""));
        }
        return last;
    }

    private static long storedRows(HoardProcess.Result verify) {
        Matcher rows = Pattern.compile("BNBUSDT +1m .* rows=(\\d+) ").matcher(verify.stdout());
        assertThat(rows.find()).as(verify.all()).isTrue();
        return Long.parseLong(rows.group(1));
    }

    @Test
    void ctrlCStopsTheJobThenTheDatabaseAndARerunResumesExactly() throws Exception {
        simulator.faults().latency(Duration.ofMillis(300));
        HoardProcess.Result stopped;
        Duration exit;
        try (HoardProcess.Running backfill = HoardProcess.start(null, environment(), true, BACKFILL)) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> progressRows(backfill.stdout()) >= 3 * PAGE || !backfill.process.isAlive());
            assertThat(backfill.process.isAlive()).as("still backfilling").isTrue();
            backfill.signalGroup("INT");
            exit = backfill.awaitExit(Duration.ofSeconds(60));
            stopped = backfill.result();
        }
        assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(130);
        assertThat(stopped.stderr().strip()).as("one line, the right command, no connection error")
                .isEqualTo("hoard backfill binance: stopped; rerun the same command to resume");
        assertThat(exit).as("time to exit").isLessThan(Duration.ofSeconds(6));
        assertThat(dataDirectory.resolve("postgres/postmaster.pid")).as("PostgreSQL shut down cleanly").doesNotExist();

        simulator.faults().latency(Duration.ZERO);
        long stored = storedRows(HoardProcess.run(environment(), "verify", "--symbol", "BNBUSDT"));
        assertThat(stored).as("whole pages, each with its cursor").isPositive().isLessThan(TOTAL).isEqualTo(stored / PAGE * PAGE);

        simulator.resetCounts();
        HoardProcess.Result rerun = HoardProcess.run(environment(), BACKFILL);
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(simulator.requestCount("binance.klines")).as("only what was missing")
                .isEqualTo((TOTAL - stored + PAGE - 1) / PAGE);
        HoardProcess.Result verify = HoardProcess.run(environment(), "verify", "--symbol", "BNBUSDT");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.stdout()).contains("rows=43200 expected=43200 missing=0 duplicates=0");
        assertThat(Files.exists(dataDirectory.resolve("postgres/postmaster.pid"))).isFalse();
    }
}
