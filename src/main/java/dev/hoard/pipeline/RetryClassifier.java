package dev.hoard.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * Which upstream HTTP failures are worth retrying: rate limits (429) and server errors (5xx). Counts
 * rate-limit answers ({@code hoard.ratelimit.rejections}) and bans (418, {@code hoard.ratelimit.bans})
 * per route as it sees them.
 */
public final class RetryClassifier {

    public boolean isRetryableStatus(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if (http != null && (http.getStatusCode() == 429 || http.getStatusCode() == 418)) {
            io.micrometer.core.instrument.Metrics.counter(http.getStatusCode() == 418 ? "hoard.ratelimit.bans"
                    : "hoard.ratelimit.rejections", "route", String.valueOf(exchange.getFromRouteId())).increment();
        }
        return http != null && isRetryable(http.getStatusCode());
    }

    public static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }
}
