package dev.hoard.upstream.binance;

import dev.hoard.model.CandleInterval;
import java.time.Instant;

/**
 * Binance USD-M futures REST requests (UPSTREAMS.md §3.1): paths, query strings and the kline weight
 * table. The weight of {@code /fapi/v1/klines} grows with {@code limit} in steps: [1,100) → 1,
 * [100,500) → 2, [500,1000] → 5, above → 10; so a page of 499 gives the most candles per weight
 * unit (249.5, against 200 for 1000 and 150 for 1500).
 */
public final class BinanceRequests {

    public static final String KLINES = "/fapi/v1/klines";
    public static final String EXCHANGE_INFO = "/fapi/v1/exchangeInfo";
    public static final int EXCHANGE_INFO_WEIGHT = 1;
    public static final int MAX_LIMIT = 1500;
    /** The page size with the most candles per weight unit. */
    public static final int BEST_LIMIT = bestLimit();

    private BinanceRequests() {
    }

    /** The weight of one klines request of {@code limit} rows. */
    public static int klinesWeight(int limit) {
        if (limit < 100) {
            return 1;
        }
        if (limit < 500) {
            return 2;
        }
        return limit <= 1000 ? 5 : 10;
    }

    /** The page size for {@code remaining} candles: all of them when fewer than the best page, else the best page. */
    public static int pageSize(long remaining) {
        return (int) Math.max(1, Math.min(remaining, BEST_LIMIT));
    }

    public static String klinesQuery(String symbol, CandleInterval interval, Instant start, Instant endInclusive,
                                     int limit) {
        return "symbol=" + symbol + "&interval=" + interval.code() + "&startTime=" + start.toEpochMilli()
                + "&endTime=" + endInclusive.toEpochMilli() + "&limit=" + limit;
    }

    private static int bestLimit() {
        int best = 1;
        for (int limit = 1; limit <= MAX_LIMIT; limit++) {
            if ((double) limit / klinesWeight(limit) > (double) best / klinesWeight(best)) {
                best = limit;
            }
        }
        return best;
    }
}
