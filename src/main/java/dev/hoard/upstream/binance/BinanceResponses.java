package dev.hoard.upstream.binance;

import dev.hoard.backfill.WeightBudget;
import dev.hoard.upstream.RateLimitedException;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Reads every Binance REST answer (UPSTREAMS.md §3.5) into the shared weight budget: the used weight
 * of {@code X-MBX-USED-WEIGHT-1M}; on 429 a pause of {@code Retry-After}; on 418 a ban until
 * {@code Retry-After} has passed. Both end the request with {@link RateLimitedException}, which the
 * caller retries once the budget lets it. 5xx become {@link HttpOperationFailedException}s, retried by
 * the route's error handler; other 4xx fail with Binance's message.
 */
public final class BinanceResponses {

    public static final String USED_WEIGHT = "X-MBX-USED-WEIGHT-1M";
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final WeightBudget budget;

    public BinanceResponses(WeightBudget budget) {
        this.budget = budget;
    }

    public void check(Exchange exchange) throws HttpOperationFailedException {
        Message in = exchange.getMessage();
        Integer status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String used = header(in, USED_WEIGHT);
        if (used != null) {
            try {
                budget.observeUsed(Integer.parseInt(used.trim()));
            } catch (NumberFormatException ignored) {
                // not a count: nothing to learn
            }
        }
        int code = status == null ? 200 : status;
        if (code < 300) {
            return;
        }
        String body = in.getBody(String.class);
        Duration retryAfter = retryAfter(header(in, "Retry-After"));
        if (code == 429) {
            budget.pause(retryAfter);
            throw new RateLimitedException(code, "Binance 429: rate limit; retry after " + retryAfter.toSeconds() + " s");
        }
        if (code == 418) {
            budget.ban(retryAfter);
            throw new RateLimitedException(code, "Binance 418: IP banned for " + retryAfter.toSeconds() + " s");
        }
        String uri = exchange.getProperty(Exchange.TO_ENDPOINT, "binance", String.class);
        throw new HttpOperationFailedException(uri, code, "Binance " + code, null, Map.of(),
                body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body);
    }

    private static Duration retryAfter(String value) {
        if (value == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private static String header(Message in, String name) {
        Object value = in.getHeader(name);
        if (value == null) {
            for (Map.Entry<String, Object> entry : in.getHeaders().entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    value = entry.getValue();
                    break;
                }
            }
        }
        return value == null ? null : value.toString();
    }
}
