package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.backfill.HyperliquidHistory;
import dev.hoard.backfill.Progress;
import dev.hoard.backfill.WeightBudget;
import dev.hoard.catalog.Starlisting;
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
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hyperliquid", mixinStandardHelpOptions = true,
        description = "Backfill Hyperliquid candles (candleSnapshot) and funding (fundingHistory). Coins and intervals"
                + " default to the catalog (hoard.catalog.file); a rerun resumes, also after Ctrl-C. Hyperliquid serves"
                + " only the latest 5000 candles of an interval; older requested candles are reported and skipped.")
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
        Arguments.atLeast(spec, "--days", days, 1);
        for (String dataset : datasets) {
            if (!dataset.equals("candles") && !dataset.equals("funding")) {
                throw Arguments.bad(spec, "--datasets " + dataset + ": expected candles and/or funding");
            }
        }
        List<CandleInterval> requested = Arguments.intervals(spec, "--intervals", intervals,
                i -> i != CandleInterval.H6, "Hyperliquid");
        HoardApplication.Builder hoard = HoardApplication.builder().job("hyperliquid-info");
        Map<String, List<CandleInterval>> plan = plan(Arguments.catalog(hoard, "hyperliquid"), requested);
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("no coins: pass --coins or add hyperliquid entries to the catalog");
        }
        try (HoardApplication app = hoard.start()) {
            HyperliquidHistory history = app.context().getRegistry().lookupByNameAndType("hyperliquidHistory",
                    HyperliquidHistory.class);
            WeightBudget budget = app.context().getRegistry().lookupByNameAndType("hyperliquidWeightBudget",
                    WeightBudget.class);
            Clock clock = app.context().getRegistry().lookupByNameAndType("hoardClock", Clock.class);
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
                    .track(app.context().getRegistry().lookupByNameAndType("jobRegistry", dev.hoard.jobs.JobRegistry.class))
                    .waitingOn(budget::waitingUntil);
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

    private Map<String, List<CandleInterval>> plan(List<Starlisting> catalog, List<CandleInterval> requested) {
        Map<String, List<CandleInterval>> plan = new LinkedHashMap<>();
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
