package dev.hoard.sim;

import static dev.hoard.sim.SimIntervals.DAY_MS;
import static dev.hoard.sim.SimIntervals.MINUTE_MS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deterministic trade tape of one simulated coin, from which {@link HyperliquidGroundTruth} builds candles.
 *
 * <p>Prices are whole ticks ({@code 10^-pxScale}) and sizes whole lots ({@code 10^-szDecimals}) held in
 * {@code long}s, so every sum is exact; they become {@link BigDecimal}s only at the edge. No floating point.
 *
 * <ul>
 *   <li>The <b>fair price</b> at a second is the base price times {@code 1 + ppm/10^6}, where {@code ppm} is the sum
 *       of three piecewise-linear noise curves with knots every day (±3%), hour (±1.2%) and minute (±0.3%).</li>
 *   <li>Each minute has {@value #SLOTS} trade <b>slots</b>, slot {@code j} somewhere in seconds
 *       {@code [10j, 10j+10)} at a pseudo-random millisecond. A slot is active with the coin's activity
 *       (per mille); an active slot is a batch of 1–12 trades at one price (fair ± a spread) and a size in lots.
 *       Delisted coins have no trades; the illiquid MAVIA has about 46% of minutes without any.</li>
 *   <li>Nothing trades before {@link HyperliquidGroundTruth#LISTED_FROM}.</li>
 * </ul>
 * Aggregates of whole UTC hours and days are cached (they do not depend on the clock), so long candles cost a few
 * lookups after the first request.
 */
final class MarketModel {

    static final int SLOTS = 6;
    private static final long SLOT_MS = MINUTE_MS / SLOTS;
    private static final long PPM = 1_000_000L;
    private static final int MAX_TRADES_PER_SLOT = 12;
    private static final int CACHE_LIMIT = 500_000;
    private static final Map<Long, Agg> DAY_CACHE = new ConcurrentHashMap<>();
    private static final Map<Long, Agg> HOUR_CACHE = new ConcurrentHashMap<>();
    /** The fair-price curves: knots every day, hour and minute (seconds), amplitudes in ppm. */
    private static final long[] CURVE_PERIODS = {86_400, 3_600, 60};
    private static final long[] CURVE_AMPLITUDES = {30_000, 12_000, 3_000};

    final String name;
    final int noiseIndex;
    final int pxScale;
    final int szDecimals;
    final boolean delisted;
    private final long baseTicks;
    private final int activityPermille;
    private final long maxLots;
    private final long spreadTicks;
    private final long listedFromMs;

    MarketModel(String name, int noiseIndex, BigDecimal basePx, int pxScale, int szDecimals, boolean delisted,
                int activityPermille, BigDecimal dayBaseVolume, long listedFromMs) {
        this.name = name;
        this.noiseIndex = noiseIndex;
        this.pxScale = pxScale;
        this.szDecimals = szDecimals;
        this.delisted = delisted;
        this.baseTicks = basePx.movePointRight(pxScale).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        this.activityPermille = delisted ? 0 : activityPermille;
        this.listedFromMs = listedFromMs;
        this.spreadTicks = Math.max(2, baseTicks * 300 / PPM);
        long slotsPerDay = 1440L * SLOTS * Math.max(1, this.activityPermille) / 1000;
        long avgLots = dayBaseVolume.movePointRight(szDecimals)
                .divide(BigDecimal.valueOf(Math.max(1, slotsPerDay)), 0, RoundingMode.HALF_EVEN).longValue();
        this.maxLots = Math.max(1, 2 * avgLots);
    }

    /** The listing price in ticks: what a coin without any earlier trade shows. */
    long listingTicks() {
        return delisted ? baseTicks : fairTicks(Math.floorDiv(listedFromMs, 1000));
    }

    long frozenTicks() {
        return baseTicks;
    }

    /** The fair price, in ticks, at {@code epochSecond}. */
    long fairTicks(long epochSecond) {
        return fairTicks(knots(epochSecond), epochSecond);
    }

    BigDecimal price(long ticks) {
        return HyperliquidGroundTruth.wire(BigDecimal.valueOf(ticks, pxScale));
    }

    BigDecimal size(long lots) {
        return HyperliquidGroundTruth.wire(BigDecimal.valueOf(lots, szDecimals));
    }

    /** Every trade batch with a time in {@code [fromMs, toMs]} (inclusive), aggregated in time order. */
    Agg aggregate(long fromMs, long toMs) {
        Agg acc = new Agg();
        if (delisted) {
            return acc;
        }
        long ms = Math.max(fromMs, listedFromMs);
        while (ms <= toMs) {
            if (Math.floorMod(ms, DAY_MS) == 0 && ms + DAY_MS - 1 <= toMs) {
                acc.add(day(Math.floorDiv(ms, DAY_MS)));
                ms += DAY_MS;
                continue;
            }
            if (Math.floorMod(ms, SimIntervals.HOUR_MS) == 0 && ms + SimIntervals.HOUR_MS - 1 <= toMs) {
                acc.add(hour(Math.floorDiv(ms, SimIntervals.HOUR_MS)));
                ms += SimIntervals.HOUR_MS;
                continue;
            }
            long minute = Math.floorDiv(ms, MINUTE_MS);
            long minuteEnd = minute * MINUTE_MS + MINUTE_MS - 1;
            addMinute(acc, minute, ms, Math.min(toMs, minuteEnd));
            ms = minuteEnd + 1;
        }
        return acc;
    }

    /** The price of the last trade strictly before {@code ms}; the listing (or frozen) price if there is none. */
    long lastTicksBefore(long ms) {
        if (delisted) {
            return baseTicks;
        }
        long firstMinute = Math.floorDiv(listedFromMs, MINUTE_MS);
        for (long minute = Math.floorDiv(ms - 1, MINUTE_MS); minute >= firstMinute; minute--) {
            Agg agg = new Agg();
            addMinute(agg, minute, Math.max(minute * MINUTE_MS, listedFromMs), ms - 1);
            if (agg.any) {
                return agg.close;
            }
        }
        return listingTicks();
    }

    private Agg day(long epochDay) {
        return cached(DAY_CACHE, epochDay, () -> {
            Agg agg = new Agg();
            for (long hour = epochDay * 24; hour < epochDay * 24 + 24; hour++) {
                agg.add(hour(hour));
            }
            return agg;
        });
    }

    private Agg hour(long epochHour) {
        return cached(HOUR_CACHE, epochHour, () -> {
            Agg agg = new Agg();
            for (long minute = epochHour * 60; minute < epochHour * 60 + 60; minute++) {
                addMinute(agg, minute, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            return agg;
        });
    }

    /** Whole-period aggregates are the same whatever the clock says, so they are shared by every instance. */
    private Agg cached(Map<Long, Agg> cache, long period, java.util.function.Supplier<Agg> compute) {
        long key = ((long) noiseIndex << 40) ^ (period & 0xFF_FFFF_FFFFL);
        Agg cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Agg agg = compute.get();
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, agg);
        return agg;
    }

    /** Adds the batches of epoch minute {@code minute} whose time lies in {@code [lo, hi]}. */
    private void addMinute(Agg acc, long minute, long lo, long hi) {
        long start = minute * MINUTE_MS;
        if (start + MINUTE_MS - 1 < listedFromMs) {
            return;
        }
        long[] knots = null;
        for (int slot = 0; slot < SLOTS; slot++) {
            int channel = 100 + slot * 8;
            if (noise(noiseIndex, minute, channel, 0, 999) >= activityPermille) {
                continue;
            }
            long time = start + slot * SLOT_MS + noise(noiseIndex, minute, channel + 1, 0, SLOT_MS - 1);
            if (time < lo || time > hi || time < listedFromMs) {
                continue;
            }
            if (knots == null) {
                knots = knots(minute * 60);
            }
            long px = fairTicks(knots, Math.floorDiv(time, 1000))
                    + noise(noiseIndex, minute, channel + 2, -spreadTicks, spreadTicks);
            long lots = noise(noiseIndex, minute, channel + 3, 1, maxLots);
            long trades = noise(noiseIndex, minute, channel + 4, 1, MAX_TRADES_PER_SLOT);
            acc.trade(Math.max(1, px), lots, trades);
        }
    }

    /** The knots around {@code epochSecond} of the three curves: start second and end values, per curve. */
    private long[] knots(long epochSecond) {
        long[] out = new long[9];
        int i = 0;
        for (int curve = 0; curve < 3; curve++) {
            long period = CURVE_PERIODS[curve];
            long k = Math.floorDiv(epochSecond, period);
            out[i++] = k * period;
            out[i++] = noise(noiseIndex, k, 20 + curve, -CURVE_AMPLITUDES[curve], CURVE_AMPLITUDES[curve]);
            out[i++] = noise(noiseIndex, k + 1, 20 + curve, -CURVE_AMPLITUDES[curve], CURVE_AMPLITUDES[curve]);
        }
        return out;
    }

    /** {@link #fairTicks(long)} for a second in the span of {@code knots} (the same minute). */
    private long fairTicks(long[] knots, long epochSecond) {
        long ppm = 0;
        for (int curve = 0; curve < 3; curve++) {
            long from = knots[3 * curve];
            long a = knots[3 * curve + 1];
            long b = knots[3 * curve + 2];
            ppm += a + Math.floorDiv((b - a) * (epochSecond - from), CURVE_PERIODS[curve]);
        }
        return roundDiv(baseTicks * (PPM + ppm), PPM);
    }

    /** {@code n / d} rounded half-even, for {@code d > 0}. */
    private static long roundDiv(long n, long d) {
        long q = Math.floorDiv(n, d);
        long twice = 2 * (n - q * d);
        if (twice > d || twice == d && (q & 1) == 1) {
            q++;
        }
        return q;
    }

    /** Integer noise that depends only on (index, period, channel): a SplitMix64 hash, uniform in [min, max]. */
    static long noise(long index, long period, int channel, long min, long max) {
        long z = index * 0x9E3779B97F4A7C15L + period * 0xC2B2AE3D27D4EB4FL + channel * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return min + Math.floorMod(z, max - min + 1);
    }

    /** A running OHLCV aggregate in ticks and lots; {@code any} is false while it has seen no trade. */
    static final class Agg {
        boolean any;
        long open;
        long close;
        long high;
        long low;
        long lots;
        long trades;

        void trade(long px, long size, long count) {
            if (!any) {
                any = true;
                open = px;
                high = px;
                low = px;
            } else {
                high = Math.max(high, px);
                low = Math.min(low, px);
            }
            close = px;
            lots += size;
            trades += count;
        }

        /** Appends {@code later}, which must cover a later time span. */
        void add(Agg later) {
            if (!later.any) {
                return;
            }
            if (!any) {
                any = true;
                open = later.open;
                high = later.high;
                low = later.low;
            } else {
                high = Math.max(high, later.high);
                low = Math.min(low, later.low);
            }
            close = later.close;
            lots += later.lots;
            trades += later.trades;
        }
    }
}
