package dev.hoard.sink;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Encodes values in PostgreSQL's COPY text format (tab-separated, {@code \N} for null). */
final class CopyEncoder {

    private CopyEncoder() {
    }

    static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else if (value instanceof Instant || value instanceof Number || value instanceof LocalDate) {
            out.append(value);
        } else if (value instanceof Boolean bool) {
            out.append(bool ? 't' : 'f');
        } else {
            escape(out, value.toString());
        }
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\\\u0000"); // text cannot hold NUL: keep it visible, escaped
                default -> out.append(c);
            }
        }
    }
}
