package dev.hoard.backfill;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.sink.MarketBatch;
import dev.hoard.sink.MarketBatch.Cursor;
import dev.hoard.sink.MarketDataWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** What every exchange's candle paging shares: where a resumed range starts, and how a page is written. */
final class CandlePages {

    private CandlePages() {
    }

    /** With {@code resume}, the end of a cursor covering {@code rangeStart}; what is skipped counts as progress. */
    private static Instant start(CandleStore store, Instrument instrument, CandleInterval interval, Instant rangeStart,
                         boolean resume, Progress progress) throws SQLException {
        Instant start = resume
                ? store.coveredUntil("candles", instrument, interval.code(), rangeStart).orElse(rangeStart) : rangeStart;
        if (progress != null && start.isAfter(rangeStart)) {
            progress.advance(interval.count(rangeStart, start), 0);
        }
        return start;
    }

    /** One request of an exchange's paging: the page starting at {@code pageStart}. */
    @FunctionalInterface
    interface PageRequest {
        Page fetch(Instant pageStart) throws SQLException;
    }

    /**
     * What one request gave: its candles opening in the requested range, and whether the upstream may
     * hold more after them (false when it answered fewer than it was asked for).
     */
    record Page(List<Candle> candles, boolean mayHaveMore) {
    }

    /**
     * Pages one stream through [rangeStart, to): each page with its cursor in one transaction, progress
     * advanced by the candle slots covered, until the range is done, an answer is empty or short, or
     * the still-forming candle is reached (nothing later exists yet).
     */
    static long pageThrough(CandleStore store, MarketDataWriter writer, Instrument instrument, CandleInterval interval,
                            Instant rangeStart, Instant to, boolean resume, Progress progress, PageRequest request)
            throws SQLException {
        Instant start = start(store, instrument, interval, rangeStart, resume, progress);
        long written = 0;
        while (start.isBefore(to)) {
            Instant pageStart = start;
            Page page = request.fetch(pageStart);
            List<Candle> candles = page.candles();
            if (candles.isEmpty()) {
                break;
            }
            Candle last = candles.get(candles.size() - 1);
            written += write(writer, candles, instrument, interval, rangeStart);
            start = interval.next(last.openTime());
            if (progress != null) {
                progress.advance(interval.count(pageStart, start), candles.size());
            }
            if (!last.isFinal() || !page.mayHaveMore()) {
                break;
            }
        }
        return written;
    }

    /** The candles of a response opening in [from, to). */
    static List<Candle> within(List<Candle> received, Instant from, Instant to) {
        return received.stream().filter(c -> !c.openTime().isBefore(from) && c.openTime().isBefore(to)).toList();
    }

    /**
     * Writes a page and, in the same transaction, moves the range's cursor to just after its last final
     * candle: a provisional candle is never covered, so a resumed run asks for it again.
     */
    private static long write(MarketDataWriter writer, List<Candle> page, Instrument instrument, CandleInterval interval,
                      Instant rangeStart) throws SQLException {
        MarketBatch batch = MarketBatch.ofCandles(page);
        for (int i = page.size() - 1; i >= 0; i--) {
            if (page.get(i).isFinal()) {
                batch = batch.withCursors(List.of(new Cursor("candles", instrument, interval.code(), rangeStart,
                        interval.next(page.get(i).openTime()))));
                break;
            }
        }
        return writer.write(batch);
    }
}
