package dev.hoard.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The deterministic market the Hyperliquid simulator serves, so tests can compute exactly what Hoard must store.
 *
 * <h2>Asset contexts</h2>
 * Every context value is a pure function of the coin and the epoch minute of the requested instant, computed
 * without floating point. {@code oraclePx} is the coin's fair price (the one its trades scatter around, see
 * {@link MarketModel}) at the start of the minute, so {@code markPx} stays near the candle closes;
 * {@code prevDayPx} is the fair price 24 h earlier. Values are already in wire form: {@code toPlainString()} of each
 * equals the JSON string the simulator sends (trailing zeros stripped, at least one decimal, so zero is
 * {@code "0.0"}).
 *
 * <p>Special cases: {@code FTT} and {@code LUNA} are delisted (frozen prices, zero funding, open interest and
 * volume, no trades); they and the listed but bookless {@code MAVIA} have null {@code midPx}, {@code premium} and
 * impact prices. {@code kPEPE} funding is always negative. {@code MAVIA} is illiquid: about 46% of its minutes
 * have no trade.
 *
 * <h2>Candles</h2>
 * {@link #candle} aggregates the coin's deterministic trade tape: {@code o}/{@code c} are the first/last trade
 * price in the candle, {@code h}/{@code l} the extremes, {@code v} the base volume and {@code n} the trade count.
 * A candle without any trade (every delisted-coin candle, many MAVIA minutes) has {@code v = 0.0}, {@code n = 0}
 * and {@code o = h = l = c =} the price of the last earlier trade. Prices have the coin's tick
 * ({@code pxScale} decimals: BTC 1, ETH 2, kPEPE 7, …), volumes its {@code szDecimals}. Nothing trades before
 * {@link #LISTED_FROM}; the REST and WebSocket simulators serve no candle or funding row that ends before it.
 *
 * <h2>Synthetic coins</h2>
 * Besides the 13-coin universe, coins named {@code SIM0000} … {@code SIM9999} exist for {@link #ctx},
 * {@link #candle} and {@link #fundingAt} (and so for candle/activeAssetCtx subscriptions and REST candles and
 * funding), so benchmarks can stream hundreds of instruments. They are not part of {@link #universe()} or
 * {@code meta}.
 */
public final class HyperliquidGroundTruth {

    /** Every simulated coin starts trading (and paying funding) at this instant. */
    public static final Instant LISTED_FROM = Instant.parse("2023-01-01T00:00:00Z");

    /** One {@code meta.universe} entry; the list position is the asset index. */
    public record Perp(String name, int szDecimals, int maxLeverage, int marginTableId, boolean delisted) {
    }

    /** One asset context; {@code premium}, {@code midPx}, {@code impactBid} and {@code impactAsk} may be null. */
    public record AssetCtx(BigDecimal funding, BigDecimal openInterest, BigDecimal prevDayPx, BigDecimal dayNtlVlm,
                           BigDecimal premium, BigDecimal oraclePx, BigDecimal markPx, BigDecimal midPx,
                           BigDecimal impactBid, BigDecimal impactAsk, BigDecimal dayBaseVlm) {
    }

    /**
     * One candle, named like the wire fields: {@code t} open time (ms), {@code T} close time
     * ({@code t + interval - 1 ms}), {@code s} coin, {@code i} interval, prices and base volume {@code v} in wire
     * form, {@code n} the number of trades.
     */
    public record Candle(long t, long T, String s, String i, BigDecimal o, BigDecimal c, BigDecimal h,
                         BigDecimal l, BigDecimal v, long n) {
    }

    /** One {@code fundingHistory} row: the hourly rate settled at {@code time} (the hour plus 0–99 ms jitter). */
    public record FundingPoint(String coin, BigDecimal fundingRate, BigDecimal premium, long time) {
    }

    /** How an asset's numbers are generated. Funding bias is in units of 1e-10. */
    private record Market(Perp perp, String basePx, int pxScale, String baseOpenInterest, String baseDayVolume,
                          long fundingBias, boolean hasBook, int noiseIndex, MarketModel model) {
    }

    private static final long BASE_FUNDING = 125_000; // 0.0000125 per hour, in 1e-10 units
    private static final int FUNDING_SCALE = 10;
    private static final BigDecimal INTEREST = new BigDecimal("0.0000125");
    private static final int SYNTHETIC_INDEX_BASE = 1_000;
    private static final Pattern SYNTHETIC = Pattern.compile("SIM\\d{4}");

    private static final List<Market> MARKETS = List.of(
            listed("BTC", 0, 5, 40, "65000", 1, "28000", "18000", 0, 950),
            listed("ETH", 1, 4, 25, "3200", 2, "650000", "300000", 0, 950),
            listed("SOL", 2, 2, 20, "145", 3, "3500000", "4000000", 0, 900),
            listed("ARB", 3, 1, 10, "0.8", 5, "60000000", "40000000", 0, 700),
            delisted("FTT", 4, "1.6021"),
            listed("DOGE", 5, 0, 10, "0.15", 5, "900000000", "700000000", 0, 800),
            listed("kPEPE", 6, 0, 10, "0.0105", 7, "4000000000", "3000000000", -600_000, 700),
            listed("AVAX", 7, 2, 10, "28", 3, "2500000", "1800000", 0, 700),
            delisted("LUNA", 8, "0.3456"),
            listed("LINK", 9, 1, 10, "14.5", 3, "4200000", "2600000", 0, 600),
            listed("SUI", 10, 1, 10, "3.5", 4, "30000000", "25000000", 0, 700),
            market(new Perp("MAVIA", 1, 3, 3, false), 11, "0.25", 5, "200000", "50000", 0, false, 120),
            listed("HYPE", 12, 2, 10, "38", 3, "20000000", "9000000", 0, 900));

    private static final Map<String, Market> BY_NAME = MARKETS.stream()
            .collect(Collectors.toUnmodifiableMap(m -> m.perp().name(), m -> m));
    private static final Map<String, Market> SYNTHETIC_MARKETS = new ConcurrentHashMap<>();

    /** The universe in asset-index order, delisted perps included. */
    public List<Perp> universe() {
        return MARKETS.stream().map(Market::perp).toList();
    }

    /** Coin names in asset-index order, delisted perps included. */
    public List<String> coins() {
        return MARKETS.stream().map(m -> m.perp().name()).toList();
    }

    /** True for the universe's coins and for synthetic coins {@code SIM0000} … {@code SIM9999}. */
    public boolean isKnown(String coin) {
        return coin != null && (BY_NAME.containsKey(coin) || isSynthetic(coin));
    }

    /** True for the benchmark coins {@code SIM0000} … {@code SIM9999}, which are not in {@link #universe()}. */
    public static boolean isSynthetic(String coin) {
        return coin != null && SYNTHETIC.matcher(coin).matches();
    }

    /** The synthetic coin name for {@code n} (0–9999): {@code SIM0001} for 1. */
    public static String syntheticCoin(int n) {
        if (n < 0 || n > 9999) {
            throw new IllegalArgumentException("synthetic coin number must be 0-9999: " + n);
        }
        return String.format("SIM%04d", n);
    }

    public boolean isDelisted(String coin) {
        return market(coin).perp().delisted();
    }

    /** The universe position of {@code coin} (synthetic coins have none). */
    public int assetIndex(String coin) {
        Market market = BY_NAME.get(Objects.requireNonNull(coin, "coin"));
        if (market == null) {
            throw new IllegalArgumentException("unknown coin: " + coin);
        }
        return market.noiseIndex();
    }

    /** Decimals of the coin's prices (its tick is {@code 10^-pxScale}). */
    public int pxScale(String coin) {
        return market(coin).pxScale();
    }

    /** Decimals of the coin's sizes and volumes. */
    public int szDecimals(String coin) {
        return market(coin).perp().szDecimals();
    }

    /** The context the simulator reports for {@code coin} at {@code at} (only its epoch minute matters). */
    public AssetCtx ctx(String coin, Instant at) {
        Market m = market(coin);
        return m.perp().delisted() ? frozen(m) : live(m, Math.floorDiv(at.toEpochMilli(), 60_000L));
    }

    /**
     * The candle of {@code interval} opening at {@code openTime}, with what had traded up to and including
     * {@code asOf}: partial while {@code asOf} is inside the candle (it grows until it closes), final from its close
     * time {@code T} on.
     *
     * @throws IllegalArgumentException for an unknown coin or interval, an {@code openTime} that is not a candle
     *                                  open of {@code interval}, or an {@code asOf} before {@code openTime}
     */
    public Candle candle(String coin, String interval, Instant openTime, Instant asOf) {
        MarketModel model = market(coin).model();
        long open = openTime.toEpochMilli();
        if (SimIntervals.openMillis(interval, open) != open) {
            throw new IllegalArgumentException(openTime + " is not the open time of a " + interval + " candle");
        }
        long asOfMs = asOf.toEpochMilli();
        if (asOfMs < open) {
            throw new IllegalArgumentException("the " + interval + " candle at " + openTime
                    + " has not opened at " + asOf);
        }
        long close = SimIntervals.nextOpenMillis(interval, open) - 1;
        MarketModel.Agg agg = model.aggregate(open, Math.min(asOfMs, close));
        if (!agg.any) {
            BigDecimal px = model.price(model.lastTicksBefore(open));
            return new Candle(open, close, coin, interval, px, px, px, px, wire(BigDecimal.ZERO), 0);
        }
        return new Candle(open, close, coin, interval, model.price(agg.open), model.price(agg.close),
                model.price(agg.high), model.price(agg.low), model.size(agg.lots), agg.trades);
    }

    /**
     * The funding settled at {@code hour} (an exact UTC hour): the rate is the {@code funding} the asset context
     * showed in the minute before the hour, the premium that rate minus the 0.00125%/h interest component; delisted
     * coins report zero for both. {@code time} is the hour plus a deterministic 0–99 ms jitter.
     */
    public FundingPoint fundingAt(String coin, Instant hour) {
        Market m = market(coin);
        long ms = hour.toEpochMilli();
        if (Math.floorMod(ms, SimIntervals.HOUR_MS) != 0) {
            throw new IllegalArgumentException("not a whole hour: " + hour);
        }
        long time = ms + MarketModel.noise(m.noiseIndex(), Math.floorDiv(ms, SimIntervals.HOUR_MS), 40, 0, 99);
        if (m.perp().delisted()) {
            BigDecimal zero = wire(BigDecimal.ZERO);
            return new FundingPoint(coin, zero, zero, time);
        }
        BigDecimal rate = ctx(coin, hour.minusSeconds(60)).funding();
        return new FundingPoint(coin, rate, wire(rate.subtract(INTEREST)), time);
    }

    private static AssetCtx frozen(Market m) {
        BigDecimal px = wire(new BigDecimal(m.basePx()));
        BigDecimal zero = wire(BigDecimal.ZERO);
        return new AssetCtx(zero, zero, px, zero, null, px, px, null, null, null, zero);
    }

    private static AssetCtx live(Market m, long minute) {
        int index = m.noiseIndex();
        MarketModel model = m.model();
        BigDecimal tick = BigDecimal.ONE.movePointLeft(m.pxScale());
        int sz = m.perp().szDecimals();

        BigDecimal oraclePx = BigDecimal.valueOf(model.fairTicks(minute * 60), m.pxScale());
        BigDecimal markPx = jitter(oraclePx, noise(index, minute, 2, -500, 500), m.pxScale());
        BigDecimal prevDayPx = BigDecimal.valueOf(model.fairTicks((minute - 1440) * 60), m.pxScale());
        BigDecimal funding = BigDecimal.valueOf(
                BASE_FUNDING + m.fundingBias() + noise(index, minute, 4, -300_000, 400_000), FUNDING_SCALE);
        BigDecimal openInterest = jitter(new BigDecimal(m.baseOpenInterest()), noise(index, minute, 5, -50_000, 50_000), sz);
        BigDecimal dayBaseVlm = jitter(new BigDecimal(m.baseDayVolume()), noise(index, minute, 6, -200_000, 200_000), sz);
        BigDecimal dayNtlVlm = dayBaseVlm.multiply(markPx);

        BigDecimal midPx = null;
        BigDecimal premium = null;
        BigDecimal impactBid = null;
        BigDecimal impactAsk = null;
        if (m.hasBook()) {
            midPx = markPx.add(tick.multiply(BigDecimal.valueOf(noise(index, minute, 7, -2, 2))));
            impactBid = midPx.subtract(tick.multiply(BigDecimal.valueOf(noise(index, minute, 8, 1, 6))));
            impactAsk = midPx.add(tick.multiply(BigDecimal.valueOf(noise(index, minute, 9, 1, 6))));
            premium = midPx.subtract(oraclePx).divide(oraclePx, 8, RoundingMode.HALF_EVEN);
        }
        return new AssetCtx(wire(funding), wire(openInterest), wire(prevDayPx), wire(dayNtlVlm),
                wireOrNull(premium), wire(oraclePx), wire(markPx), wireOrNull(midPx),
                wireOrNull(impactBid), wireOrNull(impactAsk), wire(dayBaseVlm));
    }

    private static long noise(int index, long period, int channel, long min, long max) {
        return MarketModel.noise(index, period, channel, min, max);
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

    private static Market market(String coin) {
        Market market = BY_NAME.get(Objects.requireNonNull(coin, "coin"));
        if (market != null) {
            return market;
        }
        if (isSynthetic(coin)) {
            return SYNTHETIC_MARKETS.computeIfAbsent(coin, HyperliquidGroundTruth::synthetic);
        }
        throw new IllegalArgumentException("unknown coin: " + coin);
    }

    /** A benchmark coin: price 1.000–999.999 (3 decimals), 2 size decimals, liquid. */
    private static Market synthetic(String coin) {
        int n = Integer.parseInt(coin.substring(3));
        int index = SYNTHETIC_INDEX_BASE + n;
        String basePx = BigDecimal.valueOf(noise(index, 0, 50, 1_000, 999_999), 3).toPlainString();
        return market(new Perp(coin, 2, 10, 10, false), index, basePx, 4, "1000000", "500000", 0, true, 800);
    }

    private static Market listed(String name, int index, int szDecimals, int maxLeverage, String basePx, int pxScale,
                                 String openInterest, String dayVolume, long fundingBias, int activity) {
        return market(new Perp(name, szDecimals, maxLeverage, maxLeverage, false), index,
                basePx, pxScale, openInterest, dayVolume, fundingBias, true, activity);
    }

    private static Market delisted(String name, int index, String lastPx) {
        return market(new Perp(name, 1, 3, 3, true), index, lastPx, 4, "0", "0", 0, false, 0);
    }

    private static Market market(Perp perp, int index, String basePx, int pxScale, String openInterest,
                                 String dayVolume, long fundingBias, boolean hasBook, int activity) {
        MarketModel model = new MarketModel(perp.name(), index, new BigDecimal(basePx), pxScale, perp.szDecimals(),
                perp.delisted(), activity, new BigDecimal(dayVolume), LISTED_FROM.toEpochMilli());
        return new Market(perp, basePx, pxScale, openInterest, dayVolume, fundingBias, hasBook, index, model);
    }
}
