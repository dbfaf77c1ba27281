package dev.hoard.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Deterministic Binance USD-M klines: every value is a pure function of (symbol, interval, open time) and,
 * for the still-open kline, of the time it is read at. Prices have 2 decimals and quantities 3 (like BTCUSDT),
 * held in {@code long}s so sums are exact; about one kline in 113 has no trades at all (zero volume, all four
 * prices the open) — such a kline exists and is not a gap. Nothing exists before {@link #LISTED_FROM}.
 *
 * <p>A kline read before its close is partial: its close, range, volumes and trade count have grown in
 * proportion to the elapsed part of the kline; from its close time on it has its final values.
 */
public final class BinanceGroundTruth {

    public static final Instant LISTED_FROM = Instant.parse("2020-01-01T00:00:00Z");
    /** Every Binance interval, shortest first (6h included, unlike Hyperliquid). */
    public static final List<String> INTERVALS =
            List.of("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M");
    private static final long SIX_HOURS_MS = 6 * SimIntervals.HOUR_MS;
    private static final Map<String, Long> BASE_CENTS = Map.of("BTCUSDT", 6_000_000L, "ETHUSDT", 300_000L,
            "SOLUSDT", 15_000L, "BNBUSDT", 60_000L);

    /** One kline as the REST API and the stream carry it. */
    public record Kline(String symbol, String interval, long openTime, long closeTime, BigDecimal open,
                        BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal quoteVolume,
                        long trades, BigDecimal takerBuyBase, BigDecimal takerBuyQuote, boolean closed) {
    }

    public static boolean isInterval(String interval) {
        return INTERVALS.contains(interval);
    }

    /** A symbol the simulated exchange lists: the named ones, and any upper-case {@code <COIN>USDT}. */
    public boolean isSymbol(String symbol) {
        return symbol != null && symbol.matches("[A-Z0-9]{2,12}USDT");
    }

    public static long openMillis(String interval, long t) {
        return interval.equals("6h") ? Math.floorDiv(t, SIX_HOURS_MS) * SIX_HOURS_MS : SimIntervals.openMillis(interval, t);
    }

    public static long nextOpenMillis(String interval, long open) {
        return interval.equals("6h") ? openMillis(interval, open) + SIX_HOURS_MS : SimIntervals.nextOpenMillis(interval, open);
    }

    /** The kline of {@code interval} opening at {@code open}, as read at {@code asOfMs}. */
    public Kline kline(String symbol, String interval, long open, long asOfMs) {
        long close = nextOpenMillis(interval, open) - 1;
        long seed = mix(mix(symbol.hashCode()) ^ mix(interval.hashCode() * 31L) ^ open);
        long base = BASE_CENTS.getOrDefault(symbol, 1_000L + Math.floorMod(mix(symbol.hashCode()), 100_000L));
        long openPx = base + base * (Math.floorMod(mix(open / SimIntervals.HOUR_MS), 2001L) - 1000) / 100_000;
        boolean closed = asOfMs >= close;
        long permille = closed ? 1000 : Math.max(0, Math.min(999, (asOfMs - open + 1) * 1000 / (close - open + 1)));
        if (Math.floorMod(seed, 113L) == 0) {
            BigDecimal px = cents(openPx);
            return new Kline(symbol, interval, open, close, px, px, px, px, qty(0), BigDecimal.valueOf(0, 5), 0,
                    qty(0), BigDecimal.valueOf(0, 5), closed);
        }
        long delta = (Math.floorMod(mix(seed + 1), 2001L) - 1000) * base / 200_000 * permille / 1000;
        long closePx = openPx + delta;
        long up = Math.floorMod(mix(seed + 2), 1000L) * base / 1_000_000 * permille / 1000;
        long down = Math.floorMod(mix(seed + 3), 1000L) * base / 1_000_000 * permille / 1000;
        long volume = (1_000 + Math.floorMod(mix(seed + 4), 500_000L)) * permille / 1000;
        long trades = volume == 0 ? 0 : 1 + volume / 700;
        long takerBase = volume * (300 + Math.floorMod(mix(seed + 5), 400L)) / 1000;
        BigDecimal avg = cents(openPx + closePx).divide(BigDecimal.valueOf(2));
        return new Kline(symbol, interval, open, close, cents(openPx), cents(Math.max(openPx, closePx) + up),
                cents(Math.min(openPx, closePx) - down), cents(closePx), qty(volume),
                qty(volume).multiply(avg).setScale(5, java.math.RoundingMode.HALF_EVEN), trades, qty(takerBase),
                qty(takerBase).multiply(avg).setScale(5, java.math.RoundingMode.HALF_EVEN), closed);
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static BigDecimal qty(long units) {
        return BigDecimal.valueOf(units, 3);
    }

    /** SplitMix64's finalizer: a well-spread hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
