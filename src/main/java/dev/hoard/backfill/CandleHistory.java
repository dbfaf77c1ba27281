package dev.hoard.backfill;

import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Consumer;

/** One exchange's candle history over REST, as backfills and {@link GapRepair} page it. */
public interface CandleHistory {

    /** The exchange id of the catalog entries this history serves. */
    String exchange();

    /** Where gap repair starts a stream that has no final candle stored yet. */
    Instant repairStart(CandleInterval interval);

    /**
     * Candles of one stream opening in [from, to). With {@code resume} (a backfill) each page is written
     * with its cursor in one transaction, and a cursor covering {@code from} moves the start past what is
     * stored; without (a gap repair) cursors are neither read nor moved.
     */
    long candles(Instrument instrument, CandleInterval interval, Instant from, Instant to, boolean resume,
                 Progress progress, Consumer<String> notices) throws SQLException;
}
