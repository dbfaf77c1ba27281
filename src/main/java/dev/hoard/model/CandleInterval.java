package dev.hoard.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * Candle intervals as the exchanges write them (DESIGN.md §3). Fixed intervals are aligned to the
 * Unix epoch, except {@code 1w}, which opens on Monday 00:00 UTC; {@code 1M} is the calendar month
 * in UTC, not 30 days.
 */
public enum CandleInterval {
    M1("1m", Duration.ofMinutes(1)),
    M3("3m", Duration.ofMinutes(3)),
    M5("5m", Duration.ofMinutes(5)),
    M15("15m", Duration.ofMinutes(15)),
    M30("30m", Duration.ofMinutes(30)),
    H1("1h", Duration.ofHours(1)),
    H2("2h", Duration.ofHours(2)),
    H4("4h", Duration.ofHours(4)),
    H6("6h", Duration.ofHours(6)),
    H8("8h", Duration.ofHours(8)),
    H12("12h", Duration.ofHours(12)),
    D1("1d", Duration.ofDays(1)),
    D3("3d", Duration.ofDays(3)),
    W1("1w", Duration.ofDays(7)),
    MONTH("1M", null);

    /** 1970-01-01 was a Thursday: weeks open four days later, on Monday the 5th. */
    private static final long WEEK_OFFSET_MS = Duration.ofDays(4).toMillis();

    private final String code;
    private final Duration fixedLength;

    CandleInterval(String code, Duration fixedLength) {
        this.code = code;
        this.fixedLength = fixedLength;
    }

    public String code() {
        return code;
    }

    public static Optional<CandleInterval> find(String code) {
        return Arrays.stream(values()).filter(i -> i.code.equals(code)).findFirst();
    }

    public static CandleInterval parse(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown interval \"" + code
                + "\"; expected one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M"));
    }

    /** The open time of the candle containing {@code t}. */
    public Instant openTimeOf(Instant t) {
        if (this == MONTH) {
            ZonedDateTime utc = t.atZone(ZoneOffset.UTC);
            return LocalDate.of(utc.getYear(), utc.getMonth(), 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        long length = fixedLength.toMillis();
        long offset = this == W1 ? WEEK_OFFSET_MS : 0;
        long ms = t.toEpochMilli() - offset;
        return Instant.ofEpochMilli(Math.floorDiv(ms, length) * length + offset);
    }

    /** The open time of the candle after the one opening at {@code open}. */
    public Instant next(Instant open) {
        if (this == MONTH) {
            return open.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        }
        return open.plus(fixedLength);
    }

    /** The exchanges' close time: the last millisecond of the candle. */
    public Instant closeTime(Instant open) {
        return next(open).minusMillis(1);
    }

    /** Candles opening in [from, to), counted by stepping. */
    public long count(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        if (this != MONTH) {
            long length = fixedLength.toMillis();
            return Math.floorDiv(to.toEpochMilli() - openTimeOf(from).toEpochMilli() + length - 1, length);
        }
        long n = 0;
        for (Instant t = openTimeOf(from); t.isBefore(to); t = next(t)) {
            n++;
        }
        return n;
    }

    /** The nominal length, for budgeting and display; a month counts as 31 days. */
    public Duration nominalLength() {
        return fixedLength == null ? Duration.ofDays(31) : fixedLength;
    }

    @Override
    public String toString() {
        return code;
    }
}
