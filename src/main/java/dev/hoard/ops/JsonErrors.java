package dev.hoard.ops;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's own error answers as JSON, in the API's error shape {@code {"error": "..."}}: no
 * route for the path (404), a path served only for other methods (405), a handler that failed (500),
 * and every other status Vert.x answers by itself, which would otherwise be an HTML page or an empty
 * body. Nothing of the request is echoed.
 */
final class JsonErrors {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    /** A Vert.x router error handler. */
    static void handle(RoutingContext context) {
        int status = context.statusCode() >= 400 ? context.statusCode() : 500;
        if (context.failure() != null && status >= 500) {
            LOG.warn("HTTP request failed outside the API routes: {}", context.failure().toString());
        }
        String reason = status == 500 ? "internal error"
                : HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
        respond(context, status, "{\"error\":\"" + reason + "\"}", status == 503 ? HttpFront.RETRY_AFTER_SECONDS : null);
    }

    static void respond(RoutingContext context, int status, String json, String retryAfter) {
        HttpServerResponse response = context.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (retryAfter != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        response.end(json);
    }
}
