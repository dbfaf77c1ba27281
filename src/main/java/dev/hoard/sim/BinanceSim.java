package dev.hoard.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated Binance USD-M futures REST API under {@code /binance} (UPSTREAMS.md §3), and its kline stream
 * ({@link #ws()}).
 *
 * <ul>
 *   <li>{@code GET /binance/fapi/v1/exchangeInfo} (weight 1): {@code timezone}, {@code serverTime},
 *       {@code rateLimits} ({@code REQUEST_WEIGHT} per minute = {@link #publishedWeightLimit()}, default 2400, and
 *       the two {@code ORDERS} limits) and one {@code PERPETUAL} symbol per known coin.</li>
 *   <li>{@code GET /binance/fapi/v1/klines?symbol&interval[&startTime][&endTime][&limit]}: 12-element rows from
 *       {@link BinanceGroundTruth}, ascending; open times {@code >= startTime} and {@code <= min(endTime, now)}; with
 *       no startTime the latest {@code limit} (default 500, at most 1500) up to the end. The last row is the still
 *       open kline, partial, when the range reaches now. Weight by limit: [1,100) 1, [100,500) 2, [500,1000] 5,
 *       above 10. A bad symbol or interval is 400 {@code {"code":-1121,"msg":"Invalid symbol."}} /
 *       {@code -1120}.</li>
 * </ul>
 * Every answer carries {@code X-MBX-USED-WEIGHT-1M}: the weight answered in the last 60 s of real time. With
 * {@link #enforceWeightLimit(int)} on, a request that would pass the limit gets 429 with {@code Retry-After}; after
 * {@link #banAfter429s(int)} such 429s (default 2) the next violation bans the IP: every request gets 418 with
 * {@code Retry-After} counting down {@link #banSeconds(int)} (default 120) on the simulator's clock. Injected fault
 * statuses 429 and 418 ({@code POST /_sim/faults}) get a Binance error body and
 * {@code Retry-After: }{@link #faultRetryAfterSeconds(int)} (default 1).
 */
public final class BinanceSim implements SimModule {

    public static final String PREFIX = "/binance";
    public static final int DEFAULT_PUBLISHED_LIMIT = 2400;

    private final BinanceGroundTruth truth = new BinanceGroundTruth();
    private final WeightMeter weight = new WeightMeter();
    private volatile Clock clock = Clock.systemUTC();
    private final BinanceWs ws = new BinanceWs(truth, () -> clock.millis());
    private volatile int publishedLimit = DEFAULT_PUBLISHED_LIMIT;
    private volatile int banAfter = 2;
    private volatile int banSeconds = 120;
    private volatile int limiterRetryAfter = 60;
    private volatile int faultRetryAfter = 1;
    private int violations;
    private long bannedUntilMs;
    private long limited429;
    private long limited418;
    private int failAfter = -1;
    private int failStatus;

    public BinanceSim clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public BinanceGroundTruth groundTruth() {
        return truth;
    }

    public BinanceWs ws() {
        return ws;
    }

    /** The REQUEST_WEIGHT limit exchangeInfo publishes. */
    public BinanceSim publishedWeightLimit(int limit) {
        this.publishedLimit = limit;
        return this;
    }

    public int publishedWeightLimit() {
        return publishedLimit;
    }

    /** Answers 429 (then 418) above {@code limit} weight per minute; 0 turns the limiter off (the default). */
    public BinanceSim enforceWeightLimit(int limit) {
        weight.limitPerMinute(limit);
        return this;
    }

    public BinanceSim banAfter429s(int count) {
        this.banAfter = count;
        return this;
    }

    public BinanceSim banSeconds(int seconds) {
        this.banSeconds = seconds;
        return this;
    }

    public BinanceSim faultRetryAfterSeconds(int seconds) {
        this.faultRetryAfter = seconds;
        return this;
    }

    /** The klines request after the next {@code okRequests} ones is answered {@code status} (once). */
    public synchronized BinanceSim failKlinesAfter(int okRequests, int status) {
        this.failAfter = okRequests;
        this.failStatus = status;
        return this;
    }

    public long weightUsedLastMinute() {
        return weight.usedLastMinute();
    }

    public long weightTotal() {
        return weight.total();
    }

    /** Requests the limiter answered 429 and 418 (injected faults not included). */
    public synchronized long limited429() {
        return limited429;
    }

    public synchronized long limited418() {
        return limited418;
    }

    /** Forgets the weight used, the violations and any ban. */
    public synchronized void resetWeight() {
        weight.reset();
        violations = 0;
        bannedUntilMs = 0;
        limited429 = 0;
        limited418 = 0;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public String requestKey(SimRequest request) {
        return switch (request.path()) {
            case "/fapi/v1/klines" -> "binance.klines";
            case "/fapi/v1/exchangeInfo" -> "binance.exchangeInfo";
            default -> "binance.other";
        };
    }

    @Override
    public SimResponse answer(SimRequest request, SimFaults faults) {
        if (!request.method().equals("GET")) {
            return error(405, -1000, "Method not allowed.");
        }
        return switch (request.path()) {
            case "/fapi/v1/exchangeInfo" -> limited(1, () -> SimResponse.json(200, exchangeInfo()));
            case "/fapi/v1/klines" -> klines(request);
            default -> error(404, -5000, "Path not found.");
        };
    }

    @Override
    public SimResponse failure(int status) {
        if (status == 429 || status == 418) {
            return error(status, -1003, status == 429 ? "Too many requests; please use the websocket for live updates."
                    : "Way too many requests; IP banned.").withHeader("Retry-After", String.valueOf(faultRetryAfter))
                    .withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(weight.usedLastMinute()));
        }
        return SimModule.super.failure(status);
    }

    private SimResponse klines(SimRequest request) {
        String symbol = request.params().get("symbol");
        String interval = request.params().get("interval");
        if (!truth.isSymbol(symbol)) {
            return error(400, -1121, "Invalid symbol.");
        }
        if (!BinanceGroundTruth.isInterval(interval)) {
            return error(400, -1120, "Invalid interval.");
        }
        Long start;
        Long end;
        int limit;
        try {
            start = optionalLong(request.params().get("startTime"));
            end = optionalLong(request.params().get("endTime"));
            limit = request.params().containsKey("limit") ? Integer.parseInt(request.params().get("limit")) : 500;
        } catch (NumberFormatException e) {
            return error(400, -1100, "Illegal characters found in a parameter.");
        }
        if (limit < 1) {
            return error(400, -1100, "Illegal characters found in parameter 'limit'.");
        }
        int rows = Math.min(limit, 1500);
        synchronized (this) {
            if (failAfter >= 0 && failAfter-- == 0) {
                return error(failStatus, -1000, "An unknown error occurred while processing the request.");
            }
        }
        return limited(klinesWeight(rows), () -> SimResponse.json(200, klinesJson(symbol, interval, start, end, rows)));
    }

    static int klinesWeight(int limit) {
        return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
    }

    private String klinesJson(String symbol, String interval, Long start, Long end, int limit) {
        long now = clock.millis();
        long first = BinanceGroundTruth.openMillis(interval, BinanceGroundTruth.LISTED_FROM.toEpochMilli());
        if (first < BinanceGroundTruth.LISTED_FROM.toEpochMilli()) {
            first = BinanceGroundTruth.nextOpenMillis(interval, first);
        }
        long lastOpen = BinanceGroundTruth.openMillis(interval, end == null ? now : Math.min(end, now));
        List<Long> opens = new ArrayList<>();
        if (start != null) {
            long open = BinanceGroundTruth.openMillis(interval, start);
            if (open < start) {
                open = BinanceGroundTruth.nextOpenMillis(interval, open);
            }
            for (open = Math.max(open, first); open <= lastOpen && opens.size() < limit;
                 open = BinanceGroundTruth.nextOpenMillis(interval, open)) {
                opens.add(open);
            }
        } else {
            for (long open = lastOpen; open >= first && opens.size() < limit;
                 open = BinanceGroundTruth.openMillis(interval, open - 1)) {
                opens.add(0, open);
            }
        }
        StringBuilder json = new StringBuilder(opens.size() * 160).append('[');
        for (int i = 0; i < opens.size(); i++) {
            BinanceGroundTruth.Kline k = truth.kline(symbol, interval, opens.get(i), now);
            if (i > 0) {
                json.append(',');
            }
            json.append('[').append(k.openTime()).append(",\"").append(k.open().toPlainString()).append("\",\"")
                    .append(k.high().toPlainString()).append("\",\"").append(k.low().toPlainString()).append("\",\"")
                    .append(k.close().toPlainString()).append("\",\"").append(k.volume().toPlainString()).append("\",")
                    .append(k.closeTime()).append(",\"").append(k.quoteVolume().toPlainString()).append("\",")
                    .append(k.trades()).append(",\"").append(k.takerBuyBase().toPlainString()).append("\",\"")
                    .append(k.takerBuyQuote().toPlainString()).append("\",\"0\"]");
        }
        return json.append(']').toString();
    }

    private String exchangeInfo() {
        StringBuilder symbols = new StringBuilder();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT")) {
            if (!symbols.isEmpty()) {
                symbols.append(',');
            }
            String base = symbol.substring(0, symbol.length() - 4);
            symbols.append("{\"symbol\":\"").append(symbol).append("\",\"pair\":\"").append(symbol)
                    .append("\",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,\"onboardDate\":")
                    .append(BinanceGroundTruth.LISTED_FROM.toEpochMilli()).append(",\"status\":\"TRADING\",\"baseAsset\":\"")
                    .append(base).append("\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\",\"pricePrecision\":2,")
                    .append("\"quantityPrecision\":3,\"filters\":[{\"tickSize\":\"0.10\",\"filterType\":\"PRICE_FILTER\"},")
                    .append("{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"0.001\"}]}");
        }
        return "{\"timezone\":\"UTC\",\"serverTime\":" + clock.millis() + ",\"futuresType\":\"U_MARGINED\","
                + "\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,"
                + "\"limit\":" + publishedLimit + "},{\"rateLimitType\":\"ORDERS\",\"interval\":\"MINUTE\","
                + "\"intervalNum\":1,\"limit\":1200},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\","
                + "\"intervalNum\":10,\"limit\":300}],\"exchangeFilters\":[],\"assets\":[],\"symbols\":[" + symbols + "]}";
    }

    /** Applies the ban and the limiter, then answers and counts the weight. */
    private SimResponse limited(int requestWeight, java.util.function.Supplier<SimResponse> answer) {
        synchronized (this) {
            long now = clock.millis();
            if (now < bannedUntilMs) {
                limited418++;
                return banned(now);
            }
            if (weight.refuse(requestWeight)) {
                violations++;
                if (violations > banAfter) {
                    bannedUntilMs = now + banSeconds * 1000L;
                    limited418++;
                    return banned(now);
                }
                limited429++;
                return error(429, -1003, "Too many requests; current limit of IP is " + weight.limitPerMinute()
                        + " requests per minute.").withHeader("Retry-After", String.valueOf(limiterRetryAfter))
                        .withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(weight.usedLastMinute()));
            }
            weight.add(requestWeight);
        }
        return answer.get().withHeader("X-MBX-USED-WEIGHT-1M", String.valueOf(weight.usedLastMinute()));
    }

    private SimResponse banned(long now) {
        long seconds = Math.max(1, (bannedUntilMs - now + 999) / 1000);
        return error(418, -1003, "Way too many requests; IP(127.0.0.1) banned until " + bannedUntilMs
                + ". Please use the websocket for live updates to avoid bans.")
                .withHeader("Retry-After", String.valueOf(seconds));
    }

    private static SimResponse error(int status, int code, String message) {
        return SimResponse.json(status, "{\"code\":" + code + ",\"msg\":\"" + message + "\"}");
    }

    private static Long optionalLong(String value) {
        return value == null ? null : Long.parseLong(value);
    }

}
