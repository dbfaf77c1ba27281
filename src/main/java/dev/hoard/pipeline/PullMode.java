package dev.hoard.pipeline;

import java.util.Locale;

/**
 * Live pulls refresh today's value (stamped at midnight UTC, overwriting); backfills store closed
 * days with the upstream's own timestamps and never overwrite. A live pull also backfills any
 * closed day after the cursor, so a missed day is caught up at the next pull.
 */
public enum PullMode {
    LIVE, BACKFILL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PullMode parse(Object value) {
        if (value instanceof PullMode mode) {
            return mode;
        }
        if (value == null) {
            throw new IllegalArgumentException("no pull mode given (live or backfill)");
        }
        return valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
    }
}
