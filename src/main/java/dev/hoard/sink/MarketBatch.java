package dev.hoard.sink;

import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.model.OpenInterest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Market records written as one unit: candles (final rows never change again, but for the exchange's
 * settled record), funding and open interest (merged with COALESCE, so one source never erases
 * another's field), and the backfill cursors that move with them.
 *
 * @param settledBefore REST answers only: finals closing before this instant are settled, the
 *                      exchange's own record ({@link dev.hoard.upstream.RestFinality}), and replace a
 *                      stored final that disagrees; null when none is (live rows)
 */
public record MarketBatch(List<Candle> candles, List<FundingRate> funding, List<OpenInterest> openInterest,
                          List<Cursor> cursors, Instant settledBefore) {

    /** A resume pointer: everything of (dataset, instrument, interval) in [coveredFrom, coveredUntil) is stored. */
    public record Cursor(String dataset, Instrument instrument, String interval, Instant coveredFrom,
                         Instant coveredUntil) {
    }

    public MarketBatch {
        candles = List.copyOf(candles);
        funding = List.copyOf(funding);
        openInterest = List.copyOf(openInterest);
        cursors = List.copyOf(cursors);
    }

    public MarketBatch(List<Candle> candles, List<FundingRate> funding, List<OpenInterest> openInterest,
                       List<Cursor> cursors) {
        this(candles, funding, openInterest, cursors, null);
    }

    public static MarketBatch ofCandles(List<Candle> candles) {
        return new MarketBatch(candles, List.of(), List.of(), List.of());
    }

    public MarketBatch withCursors(List<Cursor> newCursors) {
        List<Cursor> all = new ArrayList<>(cursors);
        all.addAll(newCursors);
        return new MarketBatch(candles, funding, openInterest, all, settledBefore);
    }

    public MarketBatch settledBefore(Instant instant) {
        return new MarketBatch(candles, funding, openInterest, cursors, instant);
    }

    /** True for a final of a REST answer produced long enough after its close to be the exchange's record. */
    public boolean isSettled(Candle candle) {
        return settledBefore != null && candle.isFinal() && candle.closeTime().isBefore(settledBefore);
    }

    public boolean isEmpty() {
        return candles.isEmpty() && funding.isEmpty() && openInterest.isEmpty() && cursors.isEmpty();
    }

    public int rows() {
        return candles.size() + funding.size() + openInterest.size();
    }

    Set<Instrument> instruments() {
        Set<Instrument> all = new LinkedHashSet<>();
        candles.forEach(c -> all.add(c.instrument()));
        funding.forEach(f -> all.add(f.instrument()));
        openInterest.forEach(o -> all.add(o.instrument()));
        cursors.forEach(c -> all.add(c.instrument()));
        return all;
    }
}
