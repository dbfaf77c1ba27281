package dev.hoard.cli;

import dev.hoard.bench.BinanceBackfillBenchmark;
import dev.hoard.bench.LiveBenchmark;
import dev.hoard.bench.LiveMemoryBenchmark;
import dev.hoard.bench.WriterBenchmark;
import dev.hoard.db.HoardDatabase;
import dev.hoard.upstream.twap.TwapIngestBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks recorded in BENCHMARKS.md, each next to its ceiling, on DATABASE_URL "
                + "(use a scratch database: the live benchmarks truncate the market tables). "
                + "writer: the bulk upsert writer vs raw COPY. live-capacity: candle frames/s through parse, aggregate "
                + "and write vs a bare WebSocket receiver. live-freshness: candle close to final row committed. "
                + "live-memory: RSS of a `run` process with N instruments live. twap: one parquet object of --rows "
                + "TWAP statuses ingested end to end, next to raw COPY of the same rows, with peak RSS. "
                + "binance-backfill: --rows 1m klines backfilled from the simulator (limiter off) end to end, next to"
                + " the writer alone on the same klines.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Which benchmark: ${COMPLETION-CANDIDATES}")
    Benchmark benchmark;

    @Option(names = "--rows", description = "writer: rows per round (default ${DEFAULT-VALUE}).")
    int rows = 500_000;

    @Option(names = "--rounds", description = "writer: rounds; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--instruments", split = ",", description = "live-*: instruments (default ${DEFAULT-VALUE}).")
    List<Integer> instruments = List.of(500);

    @Option(names = "--frames-per-instrument", description = "live-capacity: candles per subscription (default ${DEFAULT-VALUE}).")
    int framesPerInstrument = 400;

    @Option(names = "--minutes", description = "live-freshness: minute closes to measure (default ${DEFAULT-VALUE}).")
    int minutes = 2;

    @Option(names = "--seconds", description = "live-memory: how long to sample (default ${DEFAULT-VALUE}).")
    int seconds = 90;

    @Option(names = "--jvm-option", description = "live-memory: JVM options of the measured process (repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    enum Benchmark { writer, twap, live_capacity, live_freshness, live_memory, binance_backfill }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Arguments.atLeast(spec, "--rows", rows, 1);
        Arguments.atLeast(spec, "--rounds", rounds, 1);
        Arguments.atLeast(spec, "--frames-per-instrument", framesPerInstrument, 1);
        Arguments.atLeast(spec, "--minutes", minutes, 1);
        Arguments.atLeast(spec, "--seconds", seconds, 1);
        for (int n : instruments) {
            Arguments.atLeast(spec, "--instruments", n, 1);
        }
        String url = System.getenv("DATABASE_URL");
        switch (benchmark) {
            case writer -> writer(url);
            case twap -> twap(url);
            case live_capacity -> {
                for (int n : instruments) {
                    LiveBenchmark.Capacity c = new LiveBenchmark(required(url)).capacity(n, framesPerInstrument);
                    System.out.printf("live capacity, %d instruments, %,d candle frames: bare receiver %,.0f frames/s;"
                            + " Hoard parse+aggregate %,.0f frames/s; through committed rows %,.0f frames/s"
                            + " (%.0f%% of the receiver)%n", n, c.frames(), c.ceilingFramesPerSecond(),
                            c.consumedFramesPerSecond(), c.hoardFramesPerSecond(),
                            100 * c.hoardFramesPerSecond() / c.ceilingFramesPerSecond());
                }
            }
            case live_freshness -> {
                for (int n : instruments) {
                    LiveBenchmark.Freshness f = new LiveBenchmark(required(url)).freshness(n, minutes);
                    System.out.printf("live freshness, %d instruments, %d final candles: close -> committed p50 %.0f ms,"
                            + " p99 %.0f ms, max %.0f ms%n", n, f.finals(), f.p50Millis(), f.p99Millis(), f.maxMillis());
                }
            }
            case live_memory -> {
                for (int n : instruments) {
                    LiveMemoryBenchmark.Result r = new LiveMemoryBenchmark(required(url), runningJar(), jvmOptions)
                            .run(n, Duration.ofSeconds(seconds));
                    System.out.printf("live memory, %d instruments, %s: peak RSS %,d MiB, last %,d MiB over %d s%n", n,
                            jvmOptions.isEmpty() ? "default JVM options" : String.join(" ", jvmOptions),
                            r.peakRssKib() / 1024, r.lastRssKib() / 1024, r.seconds());
                }
            }
            case binance_backfill -> {
                int klines = rows == 500_000 ? 200_000 : rows;
                for (int round = 1; round <= rounds; round++) {
                    BinanceBackfillBenchmark.Result r = new BinanceBackfillBenchmark(required(url)).run(klines);
                    System.out.printf("binance backfill round %d, %,d 1m klines in %,d requests: end to end %,.0f rows/s;"
                            + " writer alone (same pages) %,.0f rows/s; backfill = %.0f%% of the writer%n", round,
                            r.rows(), r.requests(), r.backfillRowsPerSecond(), r.writerRowsPerSecond(),
                            100 * r.backfillRowsPerSecond() / r.writerRowsPerSecond());
                }
            }
            default -> throw new IllegalStateException();
        }
        return 0;
    }

    /** The measured process runs the same jar as this one. */
    private static Path runningJar() throws Exception {
        return Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String required(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("set DATABASE_URL to a scratch database for the live benchmarks");
        }
        return url;
    }

    private void twap(String url) throws Exception {
        HoardDatabase database = new HoardDatabase(url, Path.of("data/postgres"), 0, 2);
        database.start();
        try {
            System.out.printf("%-60s %14s%n", "TWAP ingest (" + rows + " rows, one parquet object)", "rows/s");
            new TwapIngestBenchmark(database.dataSource()).run(rows)
                    .forEach((name, value) -> System.out.printf("%-60s %,14.1f%n", name, value));
        } finally {
            database.stop();
        }
    }

    private void writer(String url) throws Exception {
        HoardDatabase database = new HoardDatabase(url, Path.of("data/postgres"), 0, 2);
        database.start();
        try {
            Map<String, Double> results = new WriterBenchmark(database.dataSource()).run(rows, rounds);
            double ceiling = results.values().iterator().next();
            System.out.printf("%-66s %12s %8s%n", "method (" + rows + " rows, median of " + rounds + ")",
                    "rows/s", "vs COPY");
            results.forEach((name, rate) ->
                    System.out.printf("%-66s %,12.0f %7.0f%%%n", name, rate, 100 * rate / ceiling));
        } finally {
            database.stop();
        }
    }
}
