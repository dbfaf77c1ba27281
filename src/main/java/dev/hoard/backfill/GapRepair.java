package dev.hoard.backfill;

import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.CandleInterval;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills every subscribed candle stream of one exchange from its last final candle up to now, over
 * REST, while the live stream goes on. Runs on every stream (re)connect, which includes start-up, so
 * a restart, a dropped socket or the hand-off from a backfill to the stream leaves no hole (within
 * what the exchange serves: Hyperliquid's 5000-candle window). Repairs never overlap: a connect during
 * a repair makes it run once more afterwards.
 */
public final class GapRepair {

    private static final Logger LOG = LoggerFactory.getLogger(GapRepair.class);

    private final CandleHistory history;
    private final StarlistingCatalog catalog;
    private final CandleStore store;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public GapRepair(CandleHistory history, StarlistingCatalog catalog, CandleStore store, Clock clock) {
        this.history = history;
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /** Runs one repair of every active stream of the exchange (or one more, when one is running). */
    public void repair() {
        again.set(true);
        while (again.get() && running.compareAndSet(false, true)) {
            try {
                again.set(false);
                repairOnce();
            } finally {
                running.set(false);
            }
        }
    }

    private void repairOnce() {
        long started = clock.millis();
        long rows = 0;
        int streams = 0;
        int failed = 0;
        for (Starlisting listing : catalogSafely()) {
            for (CandleInterval interval : listing.intervals()) {
                streams++;
                try {
                    Instant now = clock.instant();
                    Instant from = store.lastFinalOpen(listing.instrument(), interval).map(interval::next)
                            .orElse(history.repairStart(interval));
                    Instant to = interval.next(interval.openTimeOf(now));
                    rows += history.candles(listing.instrument(), interval, from, to, false, null, LOG::warn);
                } catch (Exception e) {
                    failed++;
                    LOG.warn("Gap repair of {} {} {} failed: {}", history.exchange(), listing.instrument().symbol(), interval,
                            e.getMessage());
                }
            }
        }
        LOG.info("Gap repair of {}: {} stream(s), {} row(s) written, {} failed, {} ms", history.exchange(), streams, rows, failed,
                clock.millis() - started);
    }

    private List<Starlisting> catalogSafely() {
        try {
            return catalog.active(history.exchange());
        } catch (Exception e) {
            LOG.warn("Gap repair could not read the catalog: {}", e.getMessage());
            return List.of();
        }
    }
}
