package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.TestDatabase;
import dev.hoard.sim.ExchangeSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code hoard pull} as a user runs it: a separate JVM configured through the environment, its exit code and stderr. */
class PullCommandIT {

    private static TestDatabase database;
    private static ExchangeSimulator simulator;
    private static Path catalog;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabase.create();
        simulator = new ExchangeSimulator(0).start();
        catalog = Files.createTempFile("defillama", ".csv");
        LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(5);
        Files.writeString(catalog, "asset,kind,metric,enabled,backfill_start,canonical_asset\n"
                + "Ethereum,chain,TVL,true," + start + ",ETH\n"
                + "Atlantis,chain,TVL,true," + start + ",\n");
    }

    @AfterAll
    static void stop() throws IOException {
        simulator.close();
        database.close();
        Files.deleteIfExists(catalog);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result hoard(String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("pull", ".out");
        Path stderr = Files.createTempFile("pull", ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoardCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("DATABASE_URL", database.url());
        env.put("HOARD_DEFILLAMA_URL", simulator.defillamaUrl());
        env.put("HOARD_DEFILLAMA_COINS_URL", simulator.defillamaUrl());
        env.put("HOARD_DEFILLAMA_CATALOG", catalog.toString());
        env.put("HOARD_RETRY_MAX_REDELIVERIES", "1");
        env.put("HOARD_RETRY_INITIAL_DELAY_MS", "10");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("hoard exited").isTrue();
        Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void pullsTheNamedAssetsThenRefusesAStartFreshThatIsNotConfirmedAndHonoursOneThatIs() throws Exception {
        Result pulled = hoard("pull", "defillama", "--backfill", "--assets", "Ethereum");
        assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
        assertThat(pulled.stdout()).containsPattern("defillama pull mode=backfill units=[01] success=[01] no_data=0 error=0");
        assertThat(count("SELECT count(*) FROM metrics WHERE asset = 'Ethereum' AND time < date_trunc('day', now())"))
                .isEqualTo(5);
        long before = count("SELECT count(*) FROM metrics WHERE asset = 'Ethereum'");

        database.connect().createStatement().execute("INSERT INTO metrics VALUES ('defillama', 'Ethereum', 'TVL',"
                + " '2020-01-01', 1, now())");
        Result refused = hoard("pull", "defillama", "--start-fresh", "--assets", "Ethereum");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr().strip()).doesNotContain("\n").endsWith("hoard pull: start fresh not confirmed; nothing deleted");
        assertThat(count("SELECT count(*) FROM metrics WHERE asset = 'Ethereum'")).isEqualTo(before + 1);

        Result fresh = hoard("pull", "defillama", "--start-fresh", "--yes", "--assets", "ETH");
        assertThat(fresh.exitCode()).as(fresh.stderr()).isZero();
        assertThat(fresh.stdout()).contains("Deleted " + (before + 1) + " defillama rows");
        assertThat(count("SELECT count(*) FROM metrics WHERE asset = 'Ethereum'")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM metrics WHERE time = '2020-01-01'")).isZero();
    }

    @Test
    void exitsNonZeroWithOneLineWhenAnEntryFailsAndStillStoresTheOthers() throws Exception {
        Result result = hoard("pull", "defillama");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr().strip()).doesNotContain("\n").startsWith("hoard pull: 1 of 2 catalog entries failed")
                .contains("Atlantis TVL").contains("404");
        assertThat(count("SELECT count(*) FROM metrics WHERE asset = 'Ethereum' AND time = date_trunc('day', now())"))
                .isEqualTo(1);
        assertThat(hoard("pull", "nowhere").exitCode()).isNotZero();
    }
}
