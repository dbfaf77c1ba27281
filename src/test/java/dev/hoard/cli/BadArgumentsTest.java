package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command checks every argument before it starts anything: a bad one is one line on stderr naming
 * it, and exit code 2. The database is pointed at a closed port, so a command that started Hoard first
 * would fail differently (exit 1, "Database unavailable").
 */
class BadArgumentsTest {

    @BeforeEach
    void noDatabase() {
        System.setProperty("hoard.database.url", "postgresql://nobody@127.0.0.1:1/none");
    }

    @AfterEach
    void restore() {
        System.clearProperty("hoard.database.url");
    }

    @ParameterizedTest(name = "hoard {0}")
    @CsvSource(delimiter = '|', value = {
        "verify --interval 7m                                  | --interval 7m",
        "verify --exchange kraken                              | --exchange kraken",
        "backfill binance --from 2025-13-45                    | --from 2025-13-45",
        "backfill binance --from 2025-06-02 --to 2025-06-01    | --to must be after --from",
        "backfill binance --intervals 7m                       | --intervals 7m",
        "backfill binance --symbols XYZ                        | --symbols XYZ",
        "backfill hyperliquid --days 0                         | --days 0",
        "backfill hyperliquid --days abc                       | --days",
        "backfill hyperliquid --intervals 6h                   | --intervals 6h",
        "backfill hyperliquid --datasets trades                | --datasets trades",
        "export candles --coin BTC --start yesterday           | --start yesterday",
        "export candles --coin BTC --end 2026-01-01 --start 2026-02-01 | --end must be after --start",
        "export candles --coin BTC --exchange kraken           | --exchange kraken",
        "export candles --coin BTC --market-type futures       | --market-type futures",
        "export candles --coin BTC --intervals 7m              | --intervals 7m",
        "export candles --coin BTC --format xlsx               | --format xlsx",
        "export bogus --coin BTC                               | dataset",
        "export candles                                        | --coin",
        "pull nowhere                                          | nowhere",
        "pull defillama --assets Nowhere                       | --assets Nowhere",
        "etl-twap --since yesterday                            | --since yesterday",
        "etl-twap                                              | --incremental",
        "etl-twap --local-file /nonexistent.parquet            | --local-file /nonexistent.parquet",
        "funding-snapshot --bogus                              | --bogus",
        "demo --simulator-port 70000                           | --simulator-port 70000",
        "simulate --port -1                                    | --port -1",
        "bench writer --rows 0                                 | --rows 0",
        "run --bogus                                           | --bogus",
    })
    void isRejectedWithOneLineAndExitTwoBeforeAnythingStarts(String commandLine, String named) {
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = HoardCommand.execute(new PrintWriter(err, true), commandLine.trim().split("\\s+"));

        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(named).startsWith("hoard ")
                .endsWith("--help)").doesNotContain("Usage");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms: nothing started").isLessThan(5_000);
    }

    @org.junit.jupiter.api.Test
    void theLineNamesTheCommandAsTyped() {
        StringWriter err = new StringWriter();
        assertThat(HoardCommand.execute(new PrintWriter(err, true), "backfill", "binance", "--intervals", "7m")).isEqualTo(2);
        assertThat(err.toString()).startsWith("hoard backfill binance: --intervals 7m: Binance has no such interval;");
    }
}
