package dev.hoard.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The deterministic series the DefiLlama and Artemis simulators serve, so tests can compute exactly
 * what Hoard must store. A series is named by a key (e.g. {@code tvl:Ethereum}); its daily value is
 * a pure function of the key and the day, with two decimals, from {@link #GENESIS} on. During a day
 * the running value moves by one cent per minute. Series listed in {@link #WITH_ZEROS} are exactly
 * zero every third day (by epoch day).
 */
public final class MetricsGroundTruth {

    public static final LocalDate GENESIS = LocalDate.parse("2024-01-01");
    public static final Set<String> WITH_ZEROS = Set.of("fees:Ink:dailyFees", "fees:Ink:dailyRevenue",
            "artemis:sol:DAU");

    /** The value of {@code series} for {@code day}: its closing value. */
    public BigDecimal daily(String series, LocalDate day) {
        if (WITH_ZEROS.contains(series) && day.toEpochDay() % 3 == 0) {
            return BigDecimal.ZERO;
        }
        long base = 100_000 + Math.floorMod(series.hashCode(), 900_000);
        long noise = Math.floorMod(mix(series.hashCode(), day.toEpochDay()), 200_001) - 100_000;
        return BigDecimal.valueOf(base * 100 + noise, 2);
    }

    /** The running value of {@code series} at {@code at}, a moment of a day not yet closed. */
    public BigDecimal at(String series, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        BigDecimal close = daily(series, day);
        if (close.signum() == 0) {
            return close;
        }
        long minute = (at.getEpochSecond() - day.atStartOfDay(ZoneOffset.UTC).toEpochSecond()) / 60;
        return close.add(BigDecimal.valueOf(minute, 2));
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
