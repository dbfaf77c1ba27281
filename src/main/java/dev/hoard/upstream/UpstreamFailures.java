package dev.hoard.upstream;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;

/** One line saying why an upstream request failed, naming the HTTP status when there was one. */
public final class UpstreamFailures {

    private static final int MAX_BODY_CHARS = 200;

    private UpstreamFailures() {
    }

    /** The failure without Camel's wrapping: the HTTP error, the I/O error, whatever the route threw. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CamelExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** {@code HTTP 503 <body>} for an HTTP failure, else the exception's class and message. */
    public static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HttpOperationFailedException http) {
            String body = http.getResponseBody() == null ? "" : http.getResponseBody().strip();
            if (body.length() > MAX_BODY_CHARS) {
                body = body.substring(0, MAX_BODY_CHARS) + "…";
            }
            return "HTTP " + http.getStatusCode() + (body.isEmpty() ? "" : " " + body.replaceAll("\\s+", " "));
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
