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
 * Market records written as one unit: candles (final rows never change again), funding and open
 * interest (merged with COALESCE, so one source never erases another's field), and the backfill
 * cursors that move with them.
 */
public record MarketBatch(List<Candle> candles, List<FundingRate> funding, List<OpenInterest> openInterest,
                          List<Cursor> cursors) {

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

    public static MarketBatch ofCandles(List<Candle> candles) {
        return new MarketBatch(candles, List.of(), List.of(), List.of());
    }

    public MarketBatch withCursors(List<Cursor> newCursors) {
        List<Cursor> all = new ArrayList<>(cursors);
        all.addAll(newCursors);
        return new MarketBatch(candles, funding, openInterest, all);
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
