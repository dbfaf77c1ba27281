package dev.hoard.cli;

import dev.hoard.db.HoardDatabase;
import dev.hoard.sink.WriterBenchmark;
import dev.hoard.upstream.twap.TwapIngestBenchmark;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks recorded in BENCHMARKS.md, on DATABASE_URL (or the embedded database). 'writer': "
                + "the bulk upsert writer next to raw COPY into the same keyed table. 'twap': one parquet object of "
                + "--rows TWAP statuses ingested end to end, next to raw COPY of the same rows, with peak RSS.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Which benchmark: ${COMPLETION-CANDIDATES}")
    Benchmark benchmark;

    @Option(names = "--rows", description = "Rows per round (default ${DEFAULT-VALUE}).")
    int rows = 500_000;

    @Option(names = "--rounds", description = "Rounds; the median is reported (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    enum Benchmark { writer, twap }

    @Override
    public Integer call() throws Exception {
        String url = System.getenv("DATABASE_URL");
        HoardDatabase database = new HoardDatabase(url, Path.of("data/postgres"), 0, 2);
        database.start();
        try {
            if (benchmark == Benchmark.twap) {
                System.out.printf("%-60s %14s%n", "TWAP ingest (" + rows + " rows, one parquet object)", "rows/s");
                new TwapIngestBenchmark(database.dataSource()).run(rows)
                        .forEach((name, value) -> System.out.printf("%-60s %,14.1f%n", name, value));
                return 0;
            }
            Map<String, Double> results = new WriterBenchmark(database.dataSource()).run(rows, rounds);
            double ceiling = results.values().iterator().next();
            System.out.printf("%-66s %12s %8s%n", "method (" + rows + " rows, median of " + rounds + ")",
                    "rows/s", "vs COPY");
            results.forEach((name, rate) ->
                    System.out.printf("%-66s %,12.0f %7.0f%%%n", name, rate, 100 * rate / ceiling));
        } finally {
            database.stop();
        }
        return 0;
    }
}
