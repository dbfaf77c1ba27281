package dev.hoard.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;

/**
 * Reading exact values out of upstream JSON. Decimals arrive as strings ("0.0000125") or numbers and
 * always become {@link BigDecimal}; nothing passes through a double. A value that is present but not
 * a decimal is an error, never a silent null.
 */
public final class JsonFields {

    /** Parses JSON numbers as BigDecimal so no float rounding happens on the way in. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private JsonFields() {
    }

    /** The decimal under {@code field}, or null when the field is absent or JSON null. */
    public static BigDecimal optionalDecimal(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return decimal(node, field);
    }

    /** The decimal under {@code field}; absent or null is an error. */
    public static BigDecimal requiredDecimal(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return decimal(node, field);
    }

    public static BigDecimal decimal(JsonNode node, String field) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " is not a decimal: \"" + abbreviate(text) + "\"");
            }
        }
        throw new IllegalArgumentException(field + " is a " + node.getNodeType().name().toLowerCase()
                + ", not a decimal");
    }

    public static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
