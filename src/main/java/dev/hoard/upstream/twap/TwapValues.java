package dev.hoard.upstream.twap;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Typed readings of TWAP field values in any of the encodings the sources use. */
final class TwapValues {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern WITH_OFFSET = Pattern.compile("(Z|[+-]\\d\\d(:?\\d\\d)?)$");

    private TwapValues() {
    }

    /** A decimal string, an exact DECIMAL, an integer, or a float (by its shortest decimal form). */
    static BigDecimal decimal(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            return text.isEmpty() ? null : new BigDecimal(text);
        }
        if (value.isFloatingPointNumber() && !value.isBigDecimal()) {
            return new BigDecimal(Double.toString(value.doubleValue()));
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        throw new IllegalArgumentException("not a decimal: " + value);
    }

    static Integer integer(JsonNode value) {
        BigDecimal decimal = decimal(value);
        return decimal == null ? null : decimal.intValueExact();
    }

    static Long whole(JsonNode value) {
        BigDecimal decimal = decimal(value);
        return decimal == null ? null : decimal.longValueExact();
    }

    static Boolean bool(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText().trim().toLowerCase();
        return switch (text) {
            case "true", "t", "1" -> true;
            case "false", "f", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + value);
        };
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.isEmpty() ? null : text;
    }

    /**
     * A point in time: ISO-8601 with an offset, ISO-8601 without one (UTC, as the node writes
     * {@code 2026-07-09T19:00:44.330633383}), or an epoch number whose magnitude tells its unit
     * (seconds, milliseconds, microseconds or nanoseconds).
     */
    static Instant time(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return epoch(value.longValue());
        }
        String text = value.asText().trim();
        if (INTEGER.matcher(text).matches()) {
            return epoch(Long.parseLong(text));
        }
        try {
            text = text.replace(' ', 'T');
            if (WITH_OFFSET.matcher(text).find()) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: " + text);
        }
    }

    private static Instant epoch(long value) {
        long magnitude = Math.abs(value);
        if (magnitude >= 100_000_000_000_000_000L) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        }
        if (magnitude >= 100_000_000_000_000L) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000);
        }
        if (magnitude >= 100_000_000_000L) {
            return Instant.ofEpochMilli(value);
        }
        return Instant.ofEpochSecond(value);
    }
}
