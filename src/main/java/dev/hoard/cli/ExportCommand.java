package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.api.ApiParams;
import dev.hoard.api.InstrumentLookup.Listing;
import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one instrument's candles, funding, open interest, or all three merged on candle time, as"
                + " CSV and/or Parquet, each file with a .json metadata file (parameters, rows, time range, columns"
                + " and types). The range is [start, end). Progress (percent, rows/s, ETA) goes to stdout.")
public final class ExportCommand implements Callable<Integer> {

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
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Exporter.Format> formats = switch (format) {
            case "csv" -> List.of(Exporter.Format.CSV);
            case "parquet" -> List.of(Exporter.Format.PARQUET);
            case "both" -> List.of(Exporter.Format.CSV, Exporter.Format.PARQUET);
            default -> throw new ParameterException(spec.commandLine(), "--format takes csv, parquet or both");
        };
        if (days != null && (days < 1 || start != null)) {
            throw new ParameterException(spec.commandLine(), "--days must be at least 1, and not given with --start");
        }
        if (exchange.equals("hyperliquid") && quote.equals("USDC")) {
            quote = "USD";
        }
        Listing listing = new Listing(exchange, coin, quote, marketType);
        try (HoardApplication app = HoardApplication.builder().job().start()) {
            Clock clock = app.context().getRegistry().lookupByNameAndType("hoardClock", Clock.class);
            Instant to = end == null ? clock.instant() : parse("--end", end);
            Instant from = start != null ? parse("--start", start) : to.minus(Duration.ofDays(days == null ? 30 : days));
            if (!to.isAfter(from)) {
                throw new ParameterException(spec.commandLine(), "--end must be after --start");
            }
            Exporter exporter = app.context().getRegistry().lookupByNameAndType("exporter", Exporter.class);
            List<String> plan = which.byInterval() ? intervals(app, listing) : java.util.Collections.singletonList(null);
            for (String interval : plan) {
                Map<String, Object> metadata = exporter.toFiles(new ExportRequest(which, listing, interval, from, to),
                        formats, out, System.out::println);
                System.out.println("wrote " + metadata.get("rows") + " rows: " + String.join(", ",
                        ((List<?>) metadata.get("files")).stream().map(f -> out.resolve(f.toString()).toString()).toList()));
            }
        }
        return 0;
    }

    private List<String> intervals(HoardApplication app, Listing listing) {
        Set<String> codes = new LinkedHashSet<>();
        for (String code : intervals.isEmpty() ? List.of("1m") : intervals) {
            if (code.equals("all")) {
                StarlistingCatalog catalog = app.context().getRegistry()
                        .lookupByNameAndType("starlistingCatalog", StarlistingCatalog.class);
                try {
                    catalog.active(listing.exchange()).stream()
                            .filter(l -> l.instrument().coin().equals(listing.coin()))
                            .map(Starlisting::intervals).flatMap(List::stream).map(CandleInterval::code)
                            .forEach(codes::add);
                } catch (Exception e) {
                    throw new IllegalStateException("could not read the catalog: " + e.getMessage(), e);
                }
                if (codes.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--intervals all: the catalog has no intervals for "
                            + listing.exchange() + " " + listing.coin());
                }
            } else if (CandleInterval.find(code).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--intervals: no interval " + code);
            } else {
                codes.add(code);
            }
        }
        return List.copyOf(codes);
    }

    private Instant parse(String option, String text) {
        try {
            return ApiParams.parseTime(text);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), option + " must be " + ApiParams.TIME_FORMS);
        }
    }
}
