package dev.hoard.pipeline;

import dev.hoard.ops.RateLimitMeters;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * Which upstream HTTP failures are worth retrying: rate limits (429) and server errors (5xx). Counts
 * rate-limit answers and bans (418) per upstream as it sees them ({@link RateLimitMeters}).
 */
public final class RetryClassifier {

    public RetryClassifier() {
        RateLimitMeters.registerAll();
    }

    public boolean isRetryableStatus(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if (http != null && (http.getStatusCode() == 429 || http.getStatusCode() == 418)) {
            String upstream = RateLimitMeters.upstreamOfRoute(exchange.getFromRouteId());
            (http.getStatusCode() == 418 ? RateLimitMeters.bans(upstream) : RateLimitMeters.rejections(upstream)).increment();
        }
        return http != null && isRetryable(http.getStatusCode());
    }

    public static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }
}
