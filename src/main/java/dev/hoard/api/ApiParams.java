package dev.hoard.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.camel.Message;

/** Reads and validates request parameters; any bad value is a 400 that names the parameter. */
public final class ApiParams {

    /** The longest value any parameter may have. */
    public static final int MAX_PARAMETER_CHARS = 200;

    private final Message message;

    public ApiParams(Message message) {
        this.message = message;
    }

    public String text(String name) {
        Object value = message.getHeader(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        if (text.length() > MAX_PARAMETER_CHARS) {
            throw ApiException.badParameter(name, name + " is longer than " + MAX_PARAMETER_CHARS + " characters");
        }
        return text.isEmpty() ? null : text;
    }

    /** A path segment or name: letters, digits and {@code . _ : / @ -} only. */
    public String name(String name) {
        String text = text(name);
        if (text == null) {
            throw ApiException.badParameter(name, name + " is required");
        }
        if (!text.matches("[A-Za-z0-9._:@/-]+")) {
            throw ApiException.badParameter(name, name + " has characters outside [A-Za-z0-9._:@/-]");
        }
        return text;
    }

    /** An optional [start, end] range (either bound may be absent); an end before the start is a 400. */
    public record TimeRange(Instant start, Instant end) {
    }

    public TimeRange range(String startName, String endName) {
        Instant start = time(startName);
        Instant end = time(endName);
        if (start != null && end != null && end.isBefore(start)) {
            throw ApiException.badParameter(endName, endName + " is before " + startName);
        }
        return new TimeRange(start, end);
    }

    /** A time as ISO-8601 ({@code 2024-01-01T00:00:00Z}), a date ({@code 2024-01-01}, UTC) or epoch ms. */
    public Instant time(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return parseTime(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badParameter(name, name + " must be " + TIME_FORMS);
        }
    }

    /** What {@link #parseTime} accepts, for error messages. */
    public static final String TIME_FORMS = "an ISO-8601 time with offset, a date (YYYY-MM-DD) or epoch milliseconds";

    /** ISO-8601 with offset, a date (UTC midnight) or epoch milliseconds; also for command-line options. */
    public static Instant parseTime(String text) {
        if (text.matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(text).toInstant();
    }

    public int limit(String name, int defaultLimit, int maxLimit) {
        String text = text(name);
        if (text == null) {
            return defaultLimit;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, name + " must be a whole number");
        }
        if (value < 1 || value > maxLimit) {
            throw ApiException.badParameter(name, name + " must be between 1 and " + maxLimit);
        }
        return value;
    }

    /** {@code asc} or {@code desc}; returns true for descending. */
    public boolean descending(String name, boolean defaultDescending) {
        String text = text(name);
        if (text == null) {
            return defaultDescending;
        }
        return switch (text.toLowerCase()) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ApiException.badParameter(name, name + " must be asc or desc");
        };
    }
}
