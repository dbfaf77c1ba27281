package dev.hoard.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.sim.SimFaults.Malformed;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated Artemis API under {@code /artemis} (UPSTREAMS.md §4.2):
 * {@code GET /data/api/{METRIC[,METRIC]}/?symbols=a,b&startDate=YYYY-MM-DD&endDate=YYYY-MM-DD&APIKey=…}
 * answers {@code {"data":{"symbols":{sym:{metric:[{"date","val"}]}}}}} with the metric keys as
 * requested. Series {@code artemis:<symbol>:<METRIC>} of {@link MetricsGroundTruth}, from each
 * symbol's first day to today (today's value still running, at the clock's minute).
 * <ul>
 *   <li>No requested symbol known: {@code data.symbols} is the string {@value #NO_SYMBOLS}.</li>
 *   <li>A known symbol without that metric: the metric is the string {@value #NO_METRIC}.</li>
 *   <li>With {@link #requireKey(String) a key required}, any other {@code APIKey} gets 401.</li>
 * </ul>
 * Malformed faults: {@code NOT_JSON} and {@code TRUNCATED}. Every query is kept, see {@link #queries()}.
 */
public final class ArtemisSim implements SimModule {

    public static final String PREFIX = "/artemis";
    public static final String NO_SYMBOLS = "Latest data not available for the requested symbols";
    public static final String NO_METRIC = "Metric not available";
    /** Known symbols and the first day each has data. */
    public static final Map<String, LocalDate> SYMBOLS = Map.of("eth", MetricsGroundTruth.GENESIS,
            "sol", MetricsGroundTruth.GENESIS, "hyperliquid", LocalDate.parse("2025-06-01"));
    public static final Set<String> METRICS = Set.of("FEES", "REVENUE", "DAU", "PRICE");
    /** Metrics a symbol does not have. */
    public static final Map<String, Set<String>> MISSING = Map.of("hyperliquid", Set.of("DAU"));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Malformed> FAULTS = EnumSet.of(Malformed.NOT_JSON, Malformed.TRUNCATED);

    private final MetricsGroundTruth truth = new MetricsGroundTruth();
    private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile String requiredKey;

    public ArtemisSim clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Requires this {@code APIKey}; null accepts any or none. */
    public ArtemisSim requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    public MetricsGroundTruth groundTruth() {
        return truth;
    }

    /** The query parameters of every data request so far (APIKey left out), oldest first. */
    public List<Map<String, String>> queries() {
        return List.copyOf(queries);
    }

    public void clearQueries() {
        queries.clear();
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public String requestKey(SimRequest request) {
        return "artemis " + request.path() + " " + request.params().getOrDefault("symbols", "");
    }

    @Override
    public SimResponse answer(SimRequest request, SimFaults faults) {
        String path = request.path();
        if (!path.startsWith("/data/api/") || !request.method().equals("GET")) {
            return SimResponse.text(404, "Not Found");
        }
        Map<String, String> params = new java.util.TreeMap<>(request.params());
        String key = params.remove("APIKey");
        queries.add(Map.copyOf(params));
        if (requiredKey != null && !requiredKey.equals(key)) {
            return SimResponse.json(401, "{\"detail\":\"Invalid or missing API key\"}");
        }
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(params.getOrDefault("startDate", ""));
            end = LocalDate.parse(params.getOrDefault("endDate", ""));
        } catch (DateTimeParseException e) {
            return SimResponse.json(422, "{\"detail\":\"startDate and endDate must be YYYY-MM-DD\"}");
        }
        String[] metrics = path.substring("/data/api/".length()).replaceAll("/$", "").split(",");
        List<String> symbols = new ArrayList<>();
        for (String symbol : params.getOrDefault("symbols", "").split(",")) {
            if (SYMBOLS.containsKey(symbol.toLowerCase(Locale.ROOT))) {
                symbols.add(symbol);
            }
        }
        ObjectNode body = NODES.objectNode();
        ObjectNode data = body.putObject("data");
        if (symbols.isEmpty()) {
            data.put("symbols", NO_SYMBOLS);
        } else {
            ObjectNode bySymbol = data.putObject("symbols");
            for (String symbol : symbols) {
                ObjectNode byMetric = bySymbol.putObject(symbol);
                for (String metric : metrics) {
                    series(byMetric, symbol.toLowerCase(Locale.ROOT), metric, start, end);
                }
            }
        }
        return SimJson.render(body, faults.takeMalformed(FAULTS));
    }

    private void series(ObjectNode byMetric, String symbol, String metric, LocalDate start, LocalDate end) {
        String upper = metric.toUpperCase(Locale.ROOT);
        if (!METRICS.contains(upper) || MISSING.getOrDefault(symbol, Set.of()).contains(upper)) {
            byMetric.put(metric, NO_METRIC);
            return;
        }
        Instant now = clock.instant();
        LocalDate today = DefiLlamaSim.today(now);
        String series = "artemis:" + symbol + ":" + upper;
        ArrayNode points = byMetric.putArray(metric);
        LocalDate first = SYMBOLS.get(symbol).isAfter(start) ? SYMBOLS.get(symbol) : start;
        for (LocalDate day = first; !day.isAfter(end) && !day.isAfter(today); day = day.plusDays(1)) {
            points.addObject().put("date", day.toString())
                    .put("val", day.equals(today) ? truth.at(series, now) : truth.daily(series, day));
        }
    }
}
