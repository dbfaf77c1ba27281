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
     * What one request gave: its candles opening in the requested range, whether the upstream may hold
     * more after them (false when it answered fewer than it was asked for), and before when its finals
     * are settled ({@link dev.hoard.upstream.RestFinality#settledBefore}).
     */
    record Page(List<Candle> candles, boolean mayHaveMore, Instant settledBefore) {
    }

    /**
     * Pages one stream through [rangeStart, to), progress advanced by the candle slots covered, until
     * the range is done, an answer is empty or short, or the still-forming candle is reached (nothing
     * later exists yet). With {@code resume} (a backfill) each page is written with its cursor in one
     * transaction and a cursor covering {@code rangeStart} moves the start; without (a gap repair) no
     * cursor is read or moved: a repair's ranges are holes, not a backfill's resume pointer.
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
            written += write(writer, page, instrument, interval, rangeStart, resume);
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
     * Writes a page and, for a backfill, in the same transaction moves the range's cursor to just after
     * its last final candle: a provisional candle is never covered, so a resumed run asks for it again.
     */
    private static long write(MarketDataWriter writer, Page page, Instrument instrument, CandleInterval interval,
                              Instant rangeStart, boolean withCursor) throws SQLException {
        List<Candle> candles = page.candles();
        MarketBatch batch = MarketBatch.ofCandles(candles).settledBefore(page.settledBefore());
        for (int i = candles.size() - 1; withCursor && i >= 0; i--) {
            if (candles.get(i).isFinal()) {
                batch = batch.withCursors(List.of(new Cursor("candles", instrument, interval.code(), rangeStart,
                        interval.next(candles.get(i).openTime()))));
                break;
            }
        }
        return writer.write(batch);
    }
}
