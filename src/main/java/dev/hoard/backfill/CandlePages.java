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
    static Instant start(CandleStore store, Instrument instrument, CandleInterval interval, Instant rangeStart,
                         boolean resume, Progress progress) throws SQLException {
        Instant start = resume
                ? store.coveredUntil("candles", instrument, interval.code(), rangeStart).orElse(rangeStart) : rangeStart;
        if (progress != null && start.isAfter(rangeStart)) {
            progress.advance(interval.count(rangeStart, start), 0);
        }
        return start;
    }

    /** The candles of a response opening in [from, to). */
    static List<Candle> within(List<Candle> received, Instant from, Instant to) {
        return received.stream().filter(c -> !c.openTime().isBefore(from) && c.openTime().isBefore(to)).toList();
    }

    /**
     * Writes a page and, in the same transaction, moves the range's cursor to just after its last final
     * candle: a provisional candle is never covered, so a resumed run asks for it again.
     */
    static long write(MarketDataWriter writer, List<Candle> page, Instrument instrument, CandleInterval interval,
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
