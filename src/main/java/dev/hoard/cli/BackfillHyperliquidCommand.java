package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.backfill.HyperliquidHistory;
import dev.hoard.backfill.Progress;
import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.CandleInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hyperliquid", mixinStandardHelpOptions = true,
        description = "Backfill Hyperliquid candles (candleSnapshot) and funding (fundingHistory). Coins and intervals"
                + " default to the active catalog. Hyperliquid serves only the latest 5000 candles of an interval;"
                + " older requested candles are reported and skipped.")
public final class BackfillHyperliquidCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--coins", split = ",", description = "Coins, e.g. BTC,SOL (default: the active catalog).")
    List<String> coins = new ArrayList<>();

    @Option(names = "--intervals", split = ",", description = "Candle intervals, e.g. 1m,15m (default: each coin's catalog intervals).")
    List<String> intervals = new ArrayList<>();

    @Option(names = "--days", description = "How far back from now (default ${DEFAULT-VALUE}).")
    int days = 30;

    @Option(names = "--datasets", split = ",", description = "candles, funding or both (default ${DEFAULT-VALUE}).")
    List<String> datasets = List.of("candles", "funding");

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new ParameterException(spec.commandLine(), "--days must be at least 1");
        }
        for (String dataset : datasets) {
            if (!dataset.equals("candles") && !dataset.equals("funding")) {
                throw new ParameterException(spec.commandLine(), "--datasets takes candles and/or funding, not " + dataset);
            }
        }
        List<CandleInterval> requested = new ArrayList<>();
        for (String code : intervals) {
            CandleInterval interval = CandleInterval.find(code).filter(i -> i != CandleInterval.H6)
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "--intervals: Hyperliquid has no interval " + code));
            requested.add(interval);
        }
        try (HoardApplication app = HoardApplication.builder().job().start()) {
            HyperliquidHistory history = app.context().getRegistry().lookupByNameAndType("hyperliquidHistory",
                    HyperliquidHistory.class);
            Clock clock = app.context().getRegistry().lookupByNameAndType("hoardClock", Clock.class);
            Map<String, List<CandleInterval>> plan = plan(app, requested);
            if (plan.isEmpty()) {
                throw new IllegalArgumentException("no coins: pass --coins or add hyperliquid entries to the catalog");
            }
            Instant now = clock.instant();
            Instant from = now.minus(Duration.ofDays(days));
            long units = 0;
            for (Map.Entry<String, List<CandleInterval>> entry : plan.entrySet()) {
                if (datasets.contains("candles")) {
                    for (CandleInterval interval : entry.getValue()) {
                        Instant start = from.isBefore(history.candleWindowStart(interval))
                                ? history.candleWindowStart(interval) : from;
                        units += interval.count(start, now);
                    }
                }
                if (datasets.contains("funding")) {
                    units += Duration.between(from, now).toHours();
                }
            }
            Progress progress = new Progress("backfill hyperliquid", units, clock, Duration.ofSeconds(2), System.out::println)
                    .track(app.context().getRegistry().lookupByNameAndType("jobRegistry", dev.hoard.jobs.JobRegistry.class));
            try {
                for (Map.Entry<String, List<CandleInterval>> entry : plan.entrySet()) {
                    String coin = entry.getKey();
                    if (datasets.contains("candles")) {
                        for (CandleInterval interval : entry.getValue()) {
                            history.candles(coin, interval, from, interval.next(interval.openTimeOf(now)), true, progress,
                                    notice -> System.out.println("note: " + notice));
                        }
                    }
                    if (datasets.contains("funding")) {
                        history.funding(coin, from, now, true, progress);
                    }
                }
                progress.finish();
            } catch (Exception e) {
                progress.fail(e);
                throw e;
            }
        }
        return 0;
    }

    private Map<String, List<CandleInterval>> plan(HoardApplication app, List<CandleInterval> requested) throws Exception {
        Map<String, List<CandleInterval>> plan = new LinkedHashMap<>();
        List<Starlisting> catalog = app.context().getRegistry()
                .lookupByNameAndType("starlistingCatalog", StarlistingCatalog.class).active("hyperliquid");
        if (coins.isEmpty()) {
            for (Starlisting listing : catalog) {
                plan.put(listing.instrument().coin(), requested.isEmpty() ? listing.intervals() : requested);
            }
        } else {
            for (String coin : coins) {
                List<CandleInterval> fromCatalog = catalog.stream().filter(l -> l.instrument().coin().equals(coin))
                        .findFirst().map(Starlisting::intervals).orElse(List.of(CandleInterval.M1));
                plan.put(coin, requested.isEmpty() ? fromCatalog : requested);
            }
        }
        return plan;
    }
}
