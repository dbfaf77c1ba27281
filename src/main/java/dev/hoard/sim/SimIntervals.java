package dev.hoard.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Candle interval arithmetic for the simulator (Hoard has its own; the simulator depends on nothing of Hoard's).
 *
 * <p>Intervals are written as the exchanges write them: {@code 1m 3m 5m 15m 30m 1h 2h 4h 8h 12h 1d 3d 1w 1M}.
 * Alignment, all in UTC:
 * <ul>
 *   <li>{@code 1m} … {@code 1d}: multiples of the interval since the epoch (every one of them divides a day);</li>
 *   <li>{@code 3d}: multiples of three days since the epoch (epoch day {@code floor(day / 3) * 3}). Hyperliquid does
 *       not document its {@code 3d} alignment; this is the Binance convention and an assumption;</li>
 *   <li>{@code 1w}: Monday 00:00;</li>
 *   <li>{@code 1M}: the first day of the calendar month, 00:00 (a calendar month, not 30 days).</li>
 * </ul>
 */
public final class SimIntervals {

    /** Every interval, shortest first. */
    public static final List<String> ALL =
            List.of("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d", "3d", "1w", "1M");

    static final long MINUTE_MS = 60_000L;
    static final long HOUR_MS = 60 * MINUTE_MS;
    static final long DAY_MS = 24 * HOUR_MS;

    /** Fixed lengths in ms; {@code 1M} is absent (calendar month). */
    private static final Map<String, Long> FIXED = Map.ofEntries(
            Map.entry("1m", MINUTE_MS), Map.entry("3m", 3 * MINUTE_MS), Map.entry("5m", 5 * MINUTE_MS),
            Map.entry("15m", 15 * MINUTE_MS), Map.entry("30m", 30 * MINUTE_MS), Map.entry("1h", HOUR_MS),
            Map.entry("2h", 2 * HOUR_MS), Map.entry("4h", 4 * HOUR_MS), Map.entry("8h", 8 * HOUR_MS),
            Map.entry("12h", 12 * HOUR_MS), Map.entry("1d", DAY_MS), Map.entry("3d", 3 * DAY_MS),
            Map.entry("1w", 7 * DAY_MS));

    /** Epoch day 0 (1970-01-01) was a Thursday: the Monday on or before it is epoch day -3. */
    private static final long MONDAY_OFFSET_DAYS = 3;

    private SimIntervals() {
    }

    public static boolean isValid(String interval) {
        return interval != null && (FIXED.containsKey(interval) || interval.equals("1M"));
    }

    /** The open time of the candle of {@code interval} that contains {@code t}. */
    public static Instant openTimeOf(String interval, Instant t) {
        return Instant.ofEpochMilli(openMillis(interval, t.toEpochMilli()));
    }

    /** The open time of the candle after the one of {@code interval} that contains {@code open}. */
    public static Instant nextOpen(String interval, Instant open) {
        return Instant.ofEpochMilli(nextOpenMillis(interval, open.toEpochMilli()));
    }

    /** The close time ({@code T}) of the candle containing {@code open}: the next open minus 1 ms. */
    public static Instant closeTimeOf(String interval, Instant open) {
        return Instant.ofEpochMilli(nextOpenMillis(interval, open.toEpochMilli()) - 1);
    }

    /** The open time {@code candles} candles after (negative: before) the candle containing {@code open}. */
    public static Instant shift(String interval, Instant open, long candles) {
        return Instant.ofEpochMilli(shiftMillis(interval, open.toEpochMilli(), candles));
    }

    static long openMillis(String interval, long t) {
        check(interval);
        if (interval.equals("1M")) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(t, DAY_MS));
            return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        if (interval.equals("1w")) {
            long day = Math.floorDiv(t, DAY_MS);
            return (day - Math.floorMod(day + MONDAY_OFFSET_DAYS, 7)) * DAY_MS;
        }
        long length = FIXED.get(interval);
        return Math.floorDiv(t, length) * length;
    }

    static long nextOpenMillis(String interval, long t) {
        return shiftMillis(interval, t, 1);
    }

    static long shiftMillis(String interval, long t, long candles) {
        long open = openMillis(interval, t);
        if (interval.equals("1M")) {
            YearMonth month = YearMonth.from(LocalDate.ofEpochDay(Math.floorDiv(open, DAY_MS))).plusMonths(candles);
            return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        return open + candles * FIXED.get(interval);
    }

    private static void check(String interval) {
        if (!isValid(Objects.requireNonNull(interval, "interval"))) {
            throw new IllegalArgumentException("unknown interval: " + interval + " (expected one of " + ALL + ")");
        }
    }
}
