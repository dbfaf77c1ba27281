package dev.hoard.upstream.artemis;

import dev.hoard.pipeline.CatalogEntry;
import dev.hoard.pipeline.MetricRequestBuilder;
import dev.hoard.pipeline.PullUnit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * Artemis requests (UPSTREAMS.md §4.2): {@code GET {url}/data/api/{metric}/?symbols={asset}
 * &startDate=…&endDate=…&APIKey=…}, one catalog entry and one date window per request. The metric
 * goes in lower case, as Artemis' own examples write it; the answer is matched without regard to case.
 */
public final class ArtemisRequests implements MetricRequestBuilder {

    private final String url;
    private final String key;

    public ArtemisRequests(String url, String key) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.key = key == null || key.isBlank() ? null : key.trim();
    }

    @Override
    public void check(CatalogEntry entry) {
        if (entry.backfillStart() == null) {
            throw new IllegalArgumentException("artemis catalog line " + entry.line()
                    + ": backfill_start is required (Artemis serves daily history)");
        }
    }

    @Override
    public void prepare(Exchange exchange, PullUnit unit) {
        String start = (unit.firstDay() == null ? unit.lastDay() : unit.firstDay()).toString();
        StringBuilder query = new StringBuilder("symbols=").append(encode(unit.entry().asset()))
                .append("&startDate=").append(start).append("&endDate=").append(unit.lastDay());
        if (key != null) {
            query.append("&APIKey=").append(encode(key));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_URI,
                url + "/data/api/" + encode(unit.entry().metric().toLowerCase(Locale.ROOT)) + "/");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
