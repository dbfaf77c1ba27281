package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.api.VerifyQuery;
import dev.hoard.api.VerifyQuery.Series;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the stored candles of every exchange, symbol and interval: rows against the expected"
                + " count, missing candles as ranges, duplicates, stale provisional rows, lag of the newest final row."
                + " Each series' line starts with OK or FAIL. Exits 1 when a gap, a duplicate or a stale provisional"
                + " row is found, or when the filters match no stored series.")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--exchange", description = "Only this exchange (e.g. binance).")
    String exchange;

    @Option(names = "--symbol", description = "Only this symbol (e.g. BTCUSDT, or BTC on Hyperliquid).")
    String symbol;

    @Option(names = "--interval", description = "Only this interval (e.g. 1m).")
    String interval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Arguments.exchange(spec, "--exchange", exchange);
        if (interval != null) {
            Arguments.intervals(spec, "--interval", List.of(interval), i -> true, "Hoard");
        }
        try (HoardApplication app = HoardApplication.builder().job().start()) {
            VerifyQuery verify = app.context().getRegistry().lookupByNameAndType("verifyQuery", VerifyQuery.class);
            List<Series> series = verify.verify(exchange, symbol, interval);
            // OK or FAIL first, so that `hoard verify | grep FAIL` lists the failing series
            series.forEach(s -> System.out.printf("%-4s %s%n", s.ok() ? "OK" : "FAIL", VerifyQuery.line(s)));
            long gaps = series.stream().mapToLong(Series::missing).sum();
            long stale = series.stream().mapToLong(Series::staleProvisional).sum();
            long duplicates = series.stream().mapToLong(Series::duplicates).sum();
            long failed = series.stream().filter(s -> !s.ok()).count();
            System.out.printf("verify: %d series, %d failed: %d missing candle(s), %d duplicate(s), %d stale provisional row(s)%n",
                    series.size(), failed, gaps, duplicates, stale);
            if (series.isEmpty() && (exchange != null || symbol != null || interval != null)) {
                throw new IllegalStateException("no stored series matches" + (exchange == null ? "" : " --exchange " + exchange)
                        + (symbol == null ? "" : " --symbol " + symbol) + (interval == null ? "" : " --interval " + interval));
            }
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + series.size() + " series failed: " + gaps
                        + " missing candle(s), " + duplicates + " duplicate(s), " + stale + " stale provisional row(s)");
            }
        }
        return 0;
    }
}
