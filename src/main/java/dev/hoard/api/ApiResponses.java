package dev.hoard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.db.DatabaseOutage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes API responses. Every response starts from no headers at all, so nothing of the request
 * (its headers, cookies, authorization) is ever echoed back; only Content-Type and the status are
 * set. Bodies are JSON built from maps and lists whose decimals are already strings.
 */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Serializes the body as a 200 JSON response. */
    public void json(Exchange exchange) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        int status = 200;
        if (body instanceof ApiResult result) {
            status = result.status();
            body = result.body();
        }
        respond(exchange, status, MAPPER.writeValueAsString(body));
    }

    /** Seconds a client is asked to wait before it retries while the database is unreachable. */
    public static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    /**
     * Turns the caught exception into a JSON error: 4xx naming the parameter; 503 naming the database,
     * with {@code Retry-After}, when the database cannot be reached; else a plain 500.
     */
    public void error(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException api = org.apache.camel.util.ObjectHelper.getException(ApiException.class, failure);
        Map<String, Object> error = new LinkedHashMap<>();
        int status;
        if (api != null) {
            status = api.status();
            error.put("error", api.getMessage());
            if (api.parameter() != null) {
                error.put("detail", Map.of("parameter", api.parameter()));
            }
        } else if (DatabaseOutage.isOutage(failure)) {
            status = 503;
            String reason = DatabaseOutage.reason(failure);
            LOG.warn("API request {}: database unavailable: {}", exchange.getFromRouteId(), reason);
            error.put("error", "database unavailable");
            error.put("detail", Map.of("dependency", "database", "reason", reason));
        } else {
            status = 500;
            error.put("error", "internal error");
            LOG.error("API request {} failed", exchange.getFromRouteId(), failure);
        }
        respond(exchange, status, MAPPER.writeValueAsString(error));
        if (status == 503) {
            exchange.getMessage().setHeader("Retry-After", DATABASE_RETRY_AFTER_SECONDS);
        }
    }

    private static void respond(Exchange exchange, int status, String json) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json);
    }

    /** A body with a status other than 200. */
    public record ApiResult(int status, Object body) {
    }
}
