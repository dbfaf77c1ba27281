package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.api.ApiParams;
import dev.hoard.backfill.BinanceHistory;
import dev.hoard.backfill.Progress;
import dev.hoard.backfill.WeightBudget;
import dev.hoard.catalog.Starlisting;
import dev.hoard.jobs.JobRegistry;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.upstream.binance.BinanceKlines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "binance", mixinStandardHelpOptions = true,
        description = "Backfill Binance USD-M futures klines (GET /fapi/v1/klines) within the shared weight budget."
                + " Symbols and intervals default to the catalog (hoard.catalog.file); a rerun resumes after what is"
                + " stored, also after Ctrl-C.")
public final class BackfillBinanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--symbols", split = ",", description = "Symbols, e.g. BTCUSDT,ETHUSDT (default: the active catalog).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--intervals", split = ",", description = "Intervals, e.g. 1m,1h (default: each symbol's catalog intervals).")
    List<String> intervals = new ArrayList<>();

    @Option(names = "--from", description = "Start (YYYY-MM-DD, ISO-8601 or epoch ms; default hoard.binance.start-date).")
    String from;

    @Option(names = "--to", description = "End, exclusive (default: now, the forming kline included as provisional).")
    String to;

    @Override
    public Integer call() throws Exception {
        List<CandleInterval> requested = Arguments.intervals(spec, "--intervals", intervals, i -> true, "Binance");
        Instant start = Arguments.time(spec, "--from", from);
        Instant explicitEnd = Arguments.time(spec, "--to", to);
        Arguments.ordered(spec, "--from", start, "--to", explicitEnd);
        HoardApplication.Builder hoard = HoardApplication.builder().job("binance-rest*");
        Map<Instrument, List<CandleInterval>> plan = plan(Arguments.catalog(hoard, "binance"), requested);
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("no symbols: pass --symbols or add binance entries to the catalog");
        }
        if (start == null) {
            String configured = hoard.setting("hoard.binance.start-date").orElse("");
            try {
                start = ApiParams.parseTime(configured);
            } catch (RuntimeException e) {
                throw new IllegalStateException("hoard.binance.start-date " + configured + ": expected " + ApiParams.TIME_FORMS);
            }
        }
        try (HoardApplication app = hoard.start()) {
            BinanceHistory history = app.context().getRegistry().lookupByNameAndType("binanceHistory", BinanceHistory.class);
            WeightBudget budget = app.context().getRegistry().lookupByNameAndType("binanceWeightBudget", WeightBudget.class);
            Clock clock = app.context().getRegistry().lookupByNameAndType("hoardClock", Clock.class);
            Instant now = clock.instant();
            long units = 0;
            for (Map.Entry<Instrument, List<CandleInterval>> entry : plan.entrySet()) {
                for (CandleInterval interval : entry.getValue()) {
                    units += interval.count(start, end(interval, explicitEnd, now));
                }
            }
            Progress progress = new Progress("backfill binance", units, clock, Duration.ofSeconds(2), System.out::println)
                    .track(app.context().getRegistry().lookupByNameAndType("jobRegistry", JobRegistry.class))
                    .waitingOn(budget::waitingUntil);
            try {
                for (Map.Entry<Instrument, List<CandleInterval>> entry : plan.entrySet()) {
                    for (CandleInterval interval : entry.getValue()) {
                        history.candles(entry.getKey(), interval, start, end(interval, explicitEnd, now), true, progress,
                                notice -> System.out.println("note: " + notice));
                    }
                }
            } catch (Exception e) {
                progress.fail(e);
                throw e;
            }
            progress.finish();
        }
        return 0;
    }

    private static Instant end(CandleInterval interval, Instant explicitEnd, Instant now) {
        return explicitEnd != null ? explicitEnd : interval.next(interval.openTimeOf(now));
    }

    private Map<Instrument, List<CandleInterval>> plan(List<Starlisting> catalog, List<CandleInterval> requested) {
        Map<Instrument, List<CandleInterval>> plan = new LinkedHashMap<>();
        if (symbols.isEmpty()) {
            for (Starlisting listing : catalog) {
                plan.put(listing.instrument(), requested.isEmpty() ? listing.intervals() : requested);
            }
            return plan;
        }
        for (String raw : symbols) {
            String symbol = raw.trim().toUpperCase(Locale.ROOT);
            Starlisting listing = catalog.stream().filter(l -> l.instrument().symbol().equals(symbol)).findFirst().orElse(null);
            Instrument instrument;
            try {
                instrument = listing != null ? listing.instrument() : BinanceKlines.perpOfSymbol(symbol);
            } catch (IllegalArgumentException e) {
                throw Arguments.bad(spec, "--symbols " + raw + ": not in the catalog, and its quote is not one Binance"
                        + " perps use (e.g. BTCUSDT)");
            }
            plan.put(instrument, requested.isEmpty() ? listing != null ? listing.intervals() : List.of(CandleInterval.M1)
                    : requested);
        }
        return plan;
    }
}
