package dev.hoard.model;

import java.util.List;

/**
 * What one stream frame carried, normalized: candle updates, and a live asset context (funding and
 * open interest stamped with the time it was received; the aggregator buckets it by minute).
 *
 * @param inferFinality true for upstreams whose candles carry no "closed" flag (Hyperliquid): a
 *                      candle then becomes final when a later one of its stream arrives or its close
 *                      time plus a grace has passed. False when the upstream marks finals itself.
 */
public record LiveFrame(List<Candle> candles, FundingRate funding, OpenInterest openInterest, boolean inferFinality) {

    public static final LiveFrame NONE = new LiveFrame(List.of(), null, null, false);

    public LiveFrame {
        candles = List.copyOf(candles);
    }

    public boolean isEmpty() {
        return candles.isEmpty() && funding == null && openInterest == null;
    }
}
