package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoard export …} as a user runs it: files, metadata, progress on stdout, exit codes. */
class ExportCommandIT {

    private static TestDatabase database;

    @BeforeAll
    static void prepare() throws Exception {
        database = TestDatabase.create();
        // the first run applies the migrations (a one-shot command syncs no catalog); DOGE is unknown
        HoardProcess.Result first = hoard("export", "candles", "--coin", "DOGE", "--days", "1", "--out", "target/never");
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.stderr()).contains("hoard export: no instrument hyperliquid/DOGE/USD/perps");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO instruments (exchange, symbol, market_type, coin, quote, first_seen, last_seen)
                    VALUES ('hyperliquid', 'SOL', 'perps', 'SOL', 'USD', now(), now()) ON CONFLICT DO NOTHING""");
            s.execute("""
                    INSERT INTO candles (instrument_id, interval, open_time, close_time, open, high, low, close, volume, is_final, source)
                    SELECT i.id, iv, t, t + interval '1 minute', 10, 11, 9, 10.5, 0, true, 'test'
                      FROM instruments i, (VALUES ('1m'), ('15m')) AS v(iv),
                           generate_series(timestamptz '2026-01-01', timestamptz '2026-01-01 23:45', interval '15 minutes') AS t
                     WHERE i.coin = 'SOL'""");
            s.execute("""
                    INSERT INTO funding_rates (instrument_id, time, funding_rate)
                    SELECT id, timestamptz '2026-01-01', 0.00001 FROM instruments WHERE coin = 'SOL'""");
        }
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    private static HoardProcess.Result hoard(String... args) throws Exception {
        return HoardProcess.run(Map.of("DATABASE_URL", database.url()), args);
    }

    @Test
    void exportsEachIntervalInBothFormatsWithMetadataAndProgress(@TempDir Path out) throws Exception {
        HoardProcess.Result result = hoard("export", "merged", "--coin", "SOL", "--intervals", "all",
                "--start", "2026-01-01", "--end", "2026-01-02", "--format", "both", "--out", out.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("export merged SOL 1m: 100.0%", "export merged SOL 15m: 100.0%", "rows/s", "eta=");
        assertThat(new ObjectMapper().readTree(out.resolve("hyperliquid_SOL_USD_perps_merged_1h_20260101_20260102.json")
                .toFile()).get("rows").asLong()).as("the catalog's 1h, with no candles").isZero();
        for (String interval : new String[] {"1m", "15m"}) {
            String base = "hyperliquid_SOL_USD_perps_merged_" + interval + "_20260101_20260102";
            assertThat(out.resolve(base + ".csv")).exists();
            assertThat(out.resolve(base + ".parquet")).exists();
            JsonNode meta = new ObjectMapper().readTree(out.resolve(base + ".json").toFile());
            assertThat(meta.get("rows").asLong()).isEqualTo(96);
            assertThat(meta.at("/parameters/dataset").asText()).isEqualTo("merged");
            assertThat(Files.readAllLines(out.resolve(base + ".csv")).get(1))
                    .startsWith("2026-01-01T00:00:00Z,").contains(",0.00001,");
        }
    }

    @Test
    void badOptionsExitNonZeroWithOneLine(@TempDir Path out) throws Exception {
        HoardProcess.Result format = hoard("export", "candles", "--coin", "SOL", "--format", "xlsx", "--out", out.toString());
        assertThat(format.exitCode()).isNotZero();
        assertThat(format.stderr()).contains("--format takes csv, parquet or both");

        HoardProcess.Result dataset = hoard("export", "trades", "--coin", "SOL", "--out", out.toString());
        assertThat(dataset.exitCode()).isNotZero();
        assertThat(dataset.stderr()).contains("dataset must be candles, funding, open-interest or merged");
        try (var files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }
}
