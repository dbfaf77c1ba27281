package dev.hoard.upstream.hyperliquid;

import dev.hoard.model.CandleInterval;
import java.time.Instant;

/** Bodies and weights of Hyperliquid info requests (UPSTREAMS.md §1). */
public final class InfoRequests {

    /** Base weight of every info request used here; list endpoints add per-item weight. */
    public static final int BASE_WEIGHT = 20;
    /** Hyperliquid serves only this many of the most recent candles of any interval. */
    public static final int CANDLE_WINDOW = 5000;
    /** fundingHistory answers at most this many rows per request. */
    public static final int FUNDING_PAGE = 500;

    private InfoRequests() {
    }

    public static String candleSnapshot(String coin, CandleInterval interval, Instant start, Instant end) {
        return "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"" + json(coin) + "\",\"interval\":\"" + interval.code()
                + "\",\"startTime\":" + start.toEpochMilli() + ",\"endTime\":" + end.toEpochMilli() + "}}";
    }

    public static String fundingHistory(String coin, Instant start, Instant end) {
        return "{\"type\":\"fundingHistory\",\"coin\":\"" + json(coin) + "\",\"startTime\":" + start.toEpochMilli()
                + ",\"endTime\":" + end.toEpochMilli() + "}";
    }

    public static String subscribeCandle(String coin, CandleInterval interval) {
        return "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"candle\",\"coin\":\"" + json(coin)
                + "\",\"interval\":\"" + interval.code() + "\"}}";
    }

    public static String subscribeAssetContext(String coin) {
        return "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"activeAssetCtx\",\"coin\":\"" + json(coin) + "\"}}";
    }

    /** Extra weight of a candleSnapshot answer: one per 60 items. */
    public static int candleItemsWeight(int items) {
        return items / 60;
    }

    /** Extra weight of a fundingHistory answer: one per 20 items. */
    public static int fundingItemsWeight(int items) {
        return items / 20;
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
