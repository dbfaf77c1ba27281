package dev.hoard.upstream.defillama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.MetricData;
import dev.hoard.model.MetricPoint;
import dev.hoard.pipeline.CatalogEntry;
import dev.hoard.pipeline.PullUnit;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.JsonPayload;
import dev.hoard.upstream.MalformedPayloadException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DefiLlama responses (UPSTREAMS.md §4.1) to metric points. Values are exact (BigDecimal), times
 * UTC from the upstream's epoch seconds, zero stays zero, a null value is no point.
 *
 * <ul>
 *   <li>Daily arrays end with a point taken at fetch time, not at midnight: that last point, when it is
 *       not at midnight UTC, is a current value (live pulls only), never a daily one.</li>
 *   <li>{@code /protocol/{slug}}: the protocol's total from {@code tvl}, stored under the slug, and one
 *       series per real chain of {@code chainTvls} under {@code slug/Chain}; pseudo-chains
 *       ({@code staking}, {@code pool2}, {@code borrowed}, … and {@code Chain-staking} forms) are skipped.</li>
 *   <li>{@code /prices/current}: an unknown coin is simply absent: no data, not an error.</li>
 * </ul>
 * A response of the wrong shape, or a value that is not a decimal, rejects the whole unit.
 */
public final class DefiLlamaNormalizer {

    static final Set<String> PSEUDO_CHAINS = Set.of("staking", "pool2", "borrowed", "vesting", "offers",
            "doublecounted", "liquidstaking", "dcandlsoverlap", "treasury");

    public MetricData normalize(String body, PullUnit unit) {
        CatalogEntry entry = unit.entry();
        String source = "defillama." + entry.kind() + "." + entry.metric();
        JsonNode root = JsonPayload.parse(source, body);
        try {
            return switch (entry.kind()) {
                case "protocol" -> protocol(root, entry.asset());
                case "coin" -> price(root, entry.asset());
                default -> entry.metric().equals("TVL")
                        ? daily(List.of(series(root, entry.asset(), "TVL", "date", "tvl")))
                        : daily(List.of(feeChart(root, entry.asset(), entry.metric())));
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(source, entry.asset() + ": " + e.getMessage(), body);
        }
    }

    private static MetricData protocol(JsonNode root, String slug) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("protocol response is not an object");
        }
        List<List<MetricPoint>> series = new ArrayList<>();
        series.add(series(root.get("tvl"), slug, "TVL", "date", "totalLiquidityUSD"));
        JsonNode chains = root.path("chainTvls");
        for (Iterator<Map.Entry<String, JsonNode>> it = chains.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> chain = it.next();
            if (!isPseudoChain(chain.getKey())) {
                series.add(series(chain.getValue().get("tvl"), slug + "/" + chain.getKey(), "TVL", "date",
                        "totalLiquidityUSD"));
            }
        }
        return daily(series);
    }

    static boolean isPseudoChain(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return PSEUDO_CHAINS.contains(lower) || PSEUDO_CHAINS.contains(lower.substring(lower.lastIndexOf('-') + 1));
    }

    /** An array of {@code {dateField, valueField}} objects. */
    private static List<MetricPoint> series(JsonNode array, String asset, String metric, String dateField,
                                            String valueField) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(metric + " series is not an array");
        }
        List<MetricPoint> points = new ArrayList<>(array.size());
        for (JsonNode point : array) {
            BigDecimal value = JsonFields.optionalDecimal(point, valueField);
            if (value != null) {
                points.add(new MetricPoint(asset, metric, JsonPayload.epochSeconds(point.get(dateField), dateField), value));
            }
        }
        return points;
    }

    /** {@code totalDataChart}: {@code [[epochSeconds, value], …]}. */
    private static List<MetricPoint> feeChart(JsonNode root, String chain, String metric) {
        JsonNode chart = root.path("totalDataChart");
        if (!chart.isArray()) {
            throw new IllegalArgumentException("totalDataChart is not an array");
        }
        List<MetricPoint> points = new ArrayList<>(chart.size());
        for (JsonNode pair : chart) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException("totalDataChart entry is not a [time, value] pair");
            }
            if (!pair.get(1).isNull()) {
                points.add(new MetricPoint(chain, metric, JsonPayload.epochSeconds(pair.get(0), "time"),
                        JsonFields.decimal(pair.get(1), "value")));
            }
        }
        return points;
    }

    private static MetricData price(JsonNode root, String coin) {
        JsonNode coins = root.get("coins");
        if (coins == null || !coins.isObject()) {
            throw new IllegalArgumentException("coins is not an object");
        }
        JsonNode quote = coins.get(coin);
        if (quote == null || quote.isNull()) {
            return MetricData.none("DefiLlama has no price for " + coin);
        }
        BigDecimal price = JsonFields.requiredDecimal(quote, "price");
        Instant time = JsonPayload.epochSeconds(quote.get("timestamp"), "timestamp");
        return MetricData.of(List.of(), List.of(new MetricPoint(coin, "PRICE", time, price)));
    }

    /** Splits each series' last point off as current when it is not at midnight UTC (the fetch time). */
    private static MetricData daily(List<List<MetricPoint>> allSeries) {
        List<MetricPoint> daily = new ArrayList<>();
        List<MetricPoint> current = new ArrayList<>();
        for (List<MetricPoint> series : allSeries) {
            List<MetricPoint> sorted = series.stream().sorted(Comparator.comparing(MetricPoint::time)).toList();
            for (int i = 0; i < sorted.size(); i++) {
                MetricPoint point = sorted.get(i);
                boolean fetchTime = i == sorted.size() - 1
                        && !point.time().equals(point.time().truncatedTo(ChronoUnit.DAYS));
                (fetchTime ? current : daily).add(point);
            }
        }
        return MetricData.of(daily, current);
    }
}
