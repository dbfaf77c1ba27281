package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.TestDatabase;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.sim.SimFaults.Malformed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hoard funding-snapshot} as a user runs it: a separate JVM configured only through the
 * environment, its exit code and its stderr.
 */
class FundingSnapshotCommandIT {

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

    @BeforeEach
    void clearFaults() {
        simulator.faults().clear();
    }

    private static HoardProcess.Result hoard(String... args) throws IOException, InterruptedException {
        return HoardProcess.run(Map.of(
                "DATABASE_URL", database.url(),
                "HOARD_HYPERLIQUID_REST_URL", simulator.hyperliquidRestUrl(),
                "HOARD_RETRY_MAX_REDELIVERIES", "2",
                "HOARD_RETRY_INITIAL_DELAY_MS", "10"), args);
    }

    private static long fundingRows() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM funding_rates")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void succeedsThenARerunOfTheSameHourLeavesTheRowCountUnchanged() throws Exception {
        HoardProcess.Result first = hoard("funding-snapshot");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stderr()).isEmpty();
        assertThat(first.stdout()).containsPattern("hyperliquid-funding-snapshot period=\\S+:00:00Z rows=13 duration=\\d+ms outcome=success");
        long rows = fundingRows();
        assertThat(rows).isGreaterThanOrEqualTo(13);

        HoardProcess.Result second = hoard("funding-snapshot");
        assertThat(second.exitCode()).isZero();
        // unchanged unless the UTC hour turned between the two runs, which adds exactly one snapshot
        assertThat(fundingRows()).isIn(rows, rows + 13);
    }

    @Test
    void exitsNonZeroWithOneLineOnStderrWhenTheUpstreamKeepsFailing() throws Exception {
        simulator.faults().failNext(3, 502);

        HoardProcess.Result result = hoard("funding-snapshot");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.reason()).startsWith("hoard funding-snapshot: ").contains("502");
    }

    @Test
    void exitsNonZeroWhenTheResponseIsMalformed() throws Exception {
        simulator.faults().malformedNext(1, Malformed.LENGTH_MISMATCH);

        HoardProcess.Result result = hoard("funding-snapshot");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.reason()).contains("universe has 13 assets but contexts has 12");
    }

    @Test
    void exitsNonZeroWithOneLineWhenTheDatabaseIsUnreachable() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoardCommand.class.getName(), "funding-snapshot");
        builder.environment().put("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isNotZero();
        assertThat(stderr.strip()).doesNotContain("\n").startsWith("hoard funding-snapshot: ").contains("Database unavailable");
    }

    @Test
    void helpDescribesTheCommands() throws Exception {
        HoardProcess.Result help = hoard("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("run", "demo", "simulate", "funding-snapshot", "bench");
        assertThat(hoard("no-such-command").exitCode()).isNotZero();
    }
}
