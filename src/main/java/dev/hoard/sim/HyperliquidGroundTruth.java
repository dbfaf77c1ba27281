package dev.hoard.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The deterministic market the Hyperliquid simulator serves, so tests can compute exactly what Hoard must store.
 *
 * <p>Every context value is a pure function of the coin's universe index and the epoch minute of the requested
 * instant ({@code prevDayPx} of the epoch day), computed with {@link BigDecimal} only. Values are already in wire
 * form: {@code toPlainString()} of each equals the JSON string the simulator sends (trailing zeros stripped, at
 * least one decimal, so zero is {@code "0.0"}).
 *
 * <p>Special cases: {@code FTT} and {@code LUNA} are delisted (frozen prices, zero funding, open interest and
 * volume); they and the listed but bookless {@code MAVIA} have null {@code midPx}, {@code premium} and impact
 * prices. {@code kPEPE} funding is always negative.
 */
public final class HyperliquidGroundTruth {

    /** One {@code meta.universe} entry; the list position is the asset index. */
    public record Perp(String name, int szDecimals, int maxLeverage, int marginTableId, boolean delisted) {
    }

    /** One asset context; {@code premium}, {@code midPx}, {@code impactBid} and {@code impactAsk} may be null. */
    public record AssetCtx(BigDecimal funding, BigDecimal openInterest, BigDecimal prevDayPx, BigDecimal dayNtlVlm,
                           BigDecimal premium, BigDecimal oraclePx, BigDecimal markPx, BigDecimal midPx,
                           BigDecimal impactBid, BigDecimal impactAsk, BigDecimal dayBaseVlm) {
    }

    /** How an asset's numbers are generated. Funding bias is in units of 1e-10. */
    private record Market(Perp perp, String basePx, int pxScale, String baseOpenInterest, String baseDayVolume,
                          long fundingBias, boolean hasBook) {
    }

    private static final long BASE_FUNDING = 125_000; // 0.0000125 per hour, in 1e-10 units
    private static final int FUNDING_SCALE = 10;

    private static final List<Market> MARKETS = List.of(
            listed("BTC", 5, 40, "65000", 1, "28000", "18000", 0),
            listed("ETH", 4, 25, "3200", 2, "650000", "300000", 0),
            listed("SOL", 2, 20, "145", 3, "3500000", "4000000", 0),
            listed("ARB", 1, 10, "0.8", 5, "60000000", "40000000", 0),
            delisted("FTT", "1.6021"),
            listed("DOGE", 0, 10, "0.15", 5, "900000000", "700000000", 0),
            listed("kPEPE", 0, 10, "0.0105", 7, "4000000000", "3000000000", -600_000),
            listed("AVAX", 2, 10, "28", 3, "2500000", "1800000", 0),
            delisted("LUNA", "0.3456"),
            listed("LINK", 1, 10, "14.5", 3, "4200000", "2600000", 0),
            listed("SUI", 1, 10, "3.5", 4, "30000000", "25000000", 0),
            new Market(new Perp("MAVIA", 1, 3, 3, false), "0.25", 5, "200000", "50000", 0, false),
            listed("HYPE", 2, 10, "38", 3, "20000000", "9000000", 0));

    private static final Map<String, Integer> INDEX = MARKETS.stream()
            .collect(Collectors.toUnmodifiableMap(m -> m.perp().name(), MARKETS::indexOf));

    /** The universe in asset-index order, delisted perps included. */
    public List<Perp> universe() {
        return MARKETS.stream().map(Market::perp).toList();
    }

    /** Coin names in asset-index order, delisted perps included. */
    public List<String> coins() {
        return MARKETS.stream().map(m -> m.perp().name()).toList();
    }

    public boolean isDelisted(String coin) {
        return market(coin).perp().delisted();
    }

    /** The universe position of {@code coin}. */
    public int assetIndex(String coin) {
        Integer index = INDEX.get(Objects.requireNonNull(coin, "coin"));
        if (index == null) {
            throw new IllegalArgumentException("unknown coin: " + coin);
        }
        return index;
    }

    /** The context the simulator reports for {@code coin} at {@code at} (only its epoch minute matters). */
    public AssetCtx ctx(String coin, Instant at) {
        int index = assetIndex(coin);
        Market m = MARKETS.get(index);
        return m.perp().delisted() ? frozen(m) : live(m, index, Math.floorDiv(at.toEpochMilli(), 60_000L));
    }

    private static AssetCtx frozen(Market m) {
        BigDecimal px = wire(new BigDecimal(m.basePx()));
        BigDecimal zero = wire(BigDecimal.ZERO);
        return new AssetCtx(zero, zero, px, zero, null, px, px, null, null, null, zero);
    }

    private static AssetCtx live(Market m, int index, long minute) {
        Noise noise = new Noise(index, minute);
        Noise daily = new Noise(index, Math.floorDiv(minute, 1440));
        BigDecimal base = new BigDecimal(m.basePx());
        BigDecimal tick = BigDecimal.ONE.movePointLeft(m.pxScale());
        int sz = m.perp().szDecimals();

        BigDecimal oraclePx = jitter(base, noise.between(1, -30_000, 30_000), m.pxScale());
        BigDecimal markPx = jitter(oraclePx, noise.between(2, -500, 500), m.pxScale());
        BigDecimal prevDayPx = jitter(base, daily.between(3, -50_000, 50_000), m.pxScale());
        BigDecimal funding = BigDecimal.valueOf(
                BASE_FUNDING + m.fundingBias() + noise.between(4, -300_000, 400_000), FUNDING_SCALE);
        BigDecimal openInterest = jitter(new BigDecimal(m.baseOpenInterest()), noise.between(5, -50_000, 50_000), sz);
        BigDecimal dayBaseVlm = jitter(new BigDecimal(m.baseDayVolume()), noise.between(6, -200_000, 200_000), sz);
        BigDecimal dayNtlVlm = dayBaseVlm.multiply(markPx);

        BigDecimal midPx = null;
        BigDecimal premium = null;
        BigDecimal impactBid = null;
        BigDecimal impactAsk = null;
        if (m.hasBook()) {
            midPx = markPx.add(tick.multiply(BigDecimal.valueOf(noise.between(7, -2, 2))));
            impactBid = midPx.subtract(tick.multiply(BigDecimal.valueOf(noise.between(8, 1, 6))));
            impactAsk = midPx.add(tick.multiply(BigDecimal.valueOf(noise.between(9, 1, 6))));
            premium = midPx.subtract(oraclePx).divide(oraclePx, 8, RoundingMode.HALF_EVEN);
        }
        return new AssetCtx(wire(funding), wire(openInterest), wire(prevDayPx), wire(dayNtlVlm),
                wireOrNull(premium), wire(oraclePx), wire(markPx), wireOrNull(midPx),
                wireOrNull(impactBid), wireOrNull(impactAsk), wire(dayBaseVlm));
    }

    /** {@code value * (1 + ppm / 1_000_000)}, rounded half-even to {@code scale} decimals. */
    private static BigDecimal jitter(BigDecimal value, long ppm, int scale) {
        BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(ppm, 6));
        return value.multiply(factor).setScale(scale, RoundingMode.HALF_EVEN);
    }

    /** Hyperliquid's decimal-string form: no trailing zeros, but at least one decimal ({@code "0.0"}). */
    static BigDecimal wire(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 1 ? stripped.setScale(1) : stripped;
    }

    private static BigDecimal wireOrNull(BigDecimal value) {
        return value == null ? null : wire(value);
    }

    private Market market(String coin) {
        return MARKETS.get(assetIndex(coin));
    }

    private static Market listed(String name, int szDecimals, int maxLeverage, String basePx, int pxScale,
                                 String openInterest, String dayVolume, long fundingBias) {
        return new Market(new Perp(name, szDecimals, maxLeverage, maxLeverage, false),
                basePx, pxScale, openInterest, dayVolume, fundingBias, true);
    }

    private static Market delisted(String name, String lastPx) {
        return new Market(new Perp(name, 1, 3, 3, true), lastPx, 4, "0", "0", 0, false);
    }

    /** Integer noise that depends only on (asset index, period, channel): a SplitMix64 hash. */
    private record Noise(int index, long period) {

        long between(int channel, long min, long max) {
            long z = index * 0x9E3779B97F4A7C15L + period * 0xC2B2AE3D27D4EB4FL + channel * 0x165667B19E3779F9L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return min + Math.floorMod(z, max - min + 1);
        }
    }
}
