package dev.hoard.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** Parsing an upstream body as a whole, and the value shapes the metric upstreams send. */
public final class JsonPayload {

    private JsonPayload() {
    }

    /** The body as JSON (numbers as BigDecimal); empty, cut short or not JSON is a malformed payload. */
    public static JsonNode parse(String source, String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedPayloadException(source, "empty response body", body);
        }
        try {
            return JsonFields.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException(source, "not valid JSON: " + e.getOriginalMessage(), body);
        }
    }

    /** Epoch seconds sent as a number or as a string of digits. */
    public static Instant epochSeconds(JsonNode node, String field) {
        BigDecimal seconds = JsonFields.decimal(node == null ? JsonFields.MAPPER.nullNode() : node, field);
        try {
            return Instant.ofEpochSecond(seconds.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " is not whole epoch seconds: " + seconds.toPlainString());
        }
    }
}
