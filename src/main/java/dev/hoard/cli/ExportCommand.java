package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.api.InstrumentLookup.Listing;
import dev.hoard.catalog.Starlisting;
import dev.hoard.export.ExportDataset;
import dev.hoard.export.ExportRequest;
import dev.hoard.export.Exporter;
import dev.hoard.model.CandleInterval;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one instrument's candles, funding, open interest, or all three merged on candle time, as"
                + " CSV and/or Parquet, each file with a .json metadata file (parameters, rows, time range, columns"
                + " and types). The range is [start, end). Progress (percent, rows/s, ETA) goes to stdout.")
public final class ExportCommand implements Callable<Integer> {

    private static final List<String> MARKET_TYPES = List.of("perps", "spot");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "candles, funding, open-interest or merged")
    String dataset;

    @Option(names = "--exchange", description = "Exchange id (default ${DEFAULT-VALUE}).")
    String exchange = "hyperliquid";

    @Option(names = "--coin", required = true, description = "Coin, e.g. BTC.")
    String coin;

    @Option(names = "--quote", description = "Quote (default ${DEFAULT-VALUE}).")
    String quote = "USD";

    @Option(names = "--market-type", description = "Market type (default ${DEFAULT-VALUE}).")
    String marketType = "perps";

    @Option(names = "--intervals", split = ",", description = "candles and merged: intervals, e.g. 1m,15m, or all"
            + " (the catalog's intervals of the instrument; default 1m).")
    List<String> intervals = new ArrayList<>();

    @Option(names = "--days", description = "The last N days up to now (default 30 when --start is not given).")
    Integer days;

    @Option(names = "--start", description = "Start (inclusive): ISO-8601 with offset, YYYY-MM-DD or epoch ms.")
    String start;

    @Option(names = "--end", description = "End (exclusive; default now).")
    String end;

    @Option(names = "--format", description = "csv, parquet or both (default ${DEFAULT-VALUE}).")
    String format = "csv";

    @Option(names = "--out", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out = Path.of("exports");

    @Override
    public Integer call() throws Exception {
        ExportDataset which;
        try {
            which = ExportDataset.parse(dataset);
        } catch (IllegalArgumentException e) {
            throw Arguments.bad(spec, e.getMessage());
        }
        List<Exporter.Format> formats = switch (format) {
            case "csv" -> List.of(Exporter.Format.CSV);
            case "parquet" -> List.of(Exporter.Format.PARQUET);
            case "both" -> List.of(Exporter.Format.CSV, Exporter.Format.PARQUET);
            default -> throw Arguments.bad(spec, "--format " + format + ": --format takes csv, parquet or both");
        };
        if (days != null && (days < 1 || start != null)) {
            throw Arguments.bad(spec, "--days must be at least 1, and not given with --start");
        }
        Arguments.exchange(spec, "--exchange", exchange);
        if (!MARKET_TYPES.contains(marketType)) {
            throw Arguments.bad(spec, "--market-type " + marketType + ": expected one of " + String.join(", ", MARKET_TYPES));
        }
        Instant from = Arguments.time(spec, "--start", start);
        Instant explicitEnd = Arguments.time(spec, "--end", end);
        Arguments.ordered(spec, "--start", from, "--end", explicitEnd);
        if (exchange.equals("hyperliquid") && quote.equals("USDC")) {
            quote = "USD";
        }
        Listing listing = new Listing(exchange, coin, quote, marketType);
        HoardApplication.Builder hoard = HoardApplication.builder().job();
        List<String> plan = which.byInterval() ? intervals(hoard, listing) : java.util.Collections.singletonList(null);
        try (HoardApplication app = hoard.start()) {
            Clock clock = app.context().getRegistry().lookupByNameAndType("hoardClock", Clock.class);
            Instant to = explicitEnd == null ? clock.instant() : explicitEnd;
            if (from == null) {
                from = to.minus(Duration.ofDays(days == null ? 30 : days));
            }
            if (!to.isAfter(from)) {
                throw Arguments.bad(spec, "--start must be before now when --end is not given");
            }
            Exporter exporter = app.context().getRegistry().lookupByNameAndType("exporter", Exporter.class);
            for (String interval : plan) {
                Map<String, Object> metadata = exporter.toFiles(new ExportRequest(which, listing, interval, from, to),
                        formats, out, System.out::println);
                System.out.println("wrote " + metadata.get("rows") + " rows: " + String.join(", ",
                        ((List<?>) metadata.get("files")).stream().map(f -> out.resolve(f.toString()).toString()).toList()));
            }
        }
        return 0;
    }

    private List<String> intervals(HoardApplication.Builder hoard, Listing listing) {
        Set<String> codes = new LinkedHashSet<>();
        for (String code : intervals.isEmpty() ? List.of("1m") : intervals) {
            if (code.equals("all")) {
                Arguments.catalog(hoard, listing.exchange()).stream()
                        .filter(l -> l.instrument().coin().equals(listing.coin()))
                        .map(Starlisting::intervals).flatMap(List::stream).map(CandleInterval::code)
                        .forEach(codes::add);
                if (codes.isEmpty()) {
                    throw Arguments.bad(spec, "--intervals all: the catalog has no intervals for "
                            + listing.exchange() + " " + listing.coin());
                }
            } else {
                Arguments.intervals(spec, "--intervals", List.of(code), i -> true, listing.exchange())
                        .forEach(i -> codes.add(i.code()));
            }
        }
        return List.copyOf(codes);
    }
}
