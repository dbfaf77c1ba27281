package dev.hoard.upstream.defillama;

import dev.hoard.pipeline.CatalogEntry;
import dev.hoard.pipeline.MetricRequestBuilder;
import dev.hoard.pipeline.PullUnit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * DefiLlama requests (UPSTREAMS.md §4.1). The catalog's {@code kind} says what the asset is:
 * <ul>
 *   <li>{@code chain}: {@code TVL} from {@code /v2/historicalChainTvl/{chain}}; {@code FEES},
 *       {@code REVENUE}, {@code HOLDERS_REVENUE} from {@code /overview/fees/{chain}} with {@code dataType};</li>
 *   <li>{@code protocol}: {@code TVL} from {@code /protocol/{slug}};</li>
 *   <li>{@code coin}: {@code PRICE} from {@code /prices/current/{coin}} on the coins host.</li>
 * </ul>
 * With a Pro key every request goes to {@code {pro-url}/{key}/api/…} or {@code {pro-url}/{key}/coins/…}.
 */
public final class DefiLlamaRequests implements MetricRequestBuilder {

    static final Map<String, String> FEE_DATA_TYPES =
            Map.of("FEES", "dailyFees", "REVENUE", "dailyRevenue", "HOLDERS_REVENUE", "dailyHoldersRevenue");
    private static final Map<String, Set<String>> METRICS_BY_KIND = Map.of(
            "chain", Set.of("TVL", "FEES", "REVENUE", "HOLDERS_REVENUE"),
            "protocol", Set.of("TVL"),
            "coin", Set.of("PRICE"));

    private final String apiUrl;
    private final String coinsUrl;
    private final String proUrl;
    private final String key;

    public DefiLlamaRequests(String apiUrl, String coinsUrl, String proUrl, String key) {
        this.apiUrl = trim(apiUrl);
        this.coinsUrl = trim(coinsUrl);
        this.proUrl = trim(proUrl);
        this.key = key == null || key.isBlank() ? null : key.trim();
    }

    @Override
    public void check(CatalogEntry entry) {
        Set<String> metrics = METRICS_BY_KIND.get(entry.kind());
        if (metrics == null) {
            throw new IllegalArgumentException("defillama catalog line " + entry.line() + ": kind '" + entry.kind()
                    + "' is not one of " + METRICS_BY_KIND.keySet());
        }
        if (!metrics.contains(entry.metric())) {
            throw new IllegalArgumentException("defillama catalog line " + entry.line() + ": a " + entry.kind()
                    + " has no metric " + entry.metric() + " (only " + metrics + ")");
        }
    }

    @Override
    public void prepare(Exchange exchange, PullUnit unit) {
        CatalogEntry entry = unit.entry();
        String query = null;
        String path = switch (entry.kind()) {
            case "protocol" -> "/protocol/" + segment(entry.asset());
            case "coin" -> "/prices/current/" + segment(entry.asset());
            default -> {
                if (entry.metric().equals("TVL")) {
                    yield "/v2/historicalChainTvl/" + segment(entry.asset());
                }
                query = "excludeTotalDataChartBreakdown=true&dataType=" + FEE_DATA_TYPES.get(entry.metric());
                yield "/overview/fees/" + segment(entry.asset());
            }
        };
        boolean coins = entry.kind().equals("coin");
        String base = key == null ? (coins ? coinsUrl : apiUrl)
                : proUrl + "/" + segment(key) + (coins ? "/coins" : "/api");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_URI, base + path);
        if (query != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        }
    }

    /** A path segment, percent-encoded ({@code Hyperliquid L1} → {@code Hyperliquid%20L1}); ':' stays. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
