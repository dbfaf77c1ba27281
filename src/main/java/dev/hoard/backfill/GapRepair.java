package dev.hoard.backfill;

import dev.hoard.backfill.RepairWindow.Empty;
import dev.hoard.backfill.RepairWindow.Key;
import dev.hoard.backfill.RepairWindow.Plan;
import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.upstream.RestFinality;
import dev.hoard.upstream.UpstreamFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the candle holes of one exchange's streams over REST while the live streams go on, so a
 * start, a restart, a dropped socket or the hand-off from a backfill to the stream leaves no hole and
 * no false final (within what the exchange serves: Hyperliquid's 5000-candle window).
 *
 * <p>When a connection starts ({@link #connected}, start-up included), each stream gets a
 * {@link RepairWindow} fixed at that moment: from the oldest candle REST serves to the candle then
 * forming. A pass ({@link #runDue}, the repair route's timer) asks REST for the candles of the window
 * that are missing or not final, plus, once after each connect, the most recent closed candles
 * ({@code reconcileCandles}) so that stored finals are compared with the exchange's record, and the
 * candle then forming (provisional until the stream or REST finishes it). A final
 * that disagrees with the stored one is asked for again once it is settled ({@link #recheck}); a
 * settled REST final then replaces the stored one (the writer records it). After each pass the window
 * is checked again: a failed request is retried with exponential backoff and jitter, a candle REST
 * gave as still open is asked again shortly, an open time REST had no candle for is asked again on a
 * spaced schedule; the window is done when every candle in it is final. Passes never overlap.
 */
public final class GapRepair {

    private static final Logger LOG = LoggerFactory.getLogger(GapRepair.class);
    /** Holes closer than this many candle slots are fetched by one request. */
    private static final int MERGE_GAP = 60;

    /** Retries and the reconcile span of gap repair, and the margins of {@link RestFinality}. */
    public record Settings(Duration retryInitial, Duration retryMax, int reconcileCandles, RestFinality finality) {
    }

    private final CandleHistory history;
    private final StarlistingCatalog catalog;
    private final CandleStore store;
    private final Clock clock;
    private final Settings settings;
    private final BooleanSupplier running;
    private final Map<Key, RepairWindow> windows = new HashMap<>();
    private Instant connectedAt;
    private boolean passing;
    private long passes;

    public GapRepair(CandleHistory history, StarlistingCatalog catalog, CandleStore store, Clock clock,
                     Settings settings, BooleanSupplier running) {
        this.history = history;
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.running = running;
    }

    public String exchange() {
        return history.exchange();
    }

    /** A connection of the exchange's stream started now: every stream's window reaches the candle forming now. */
    public synchronized void connected() {
        connectedAt = clock.instant();
    }

    /** A final of this exchange disagreed with the stored one, or never came: ask REST once it is settled. */
    public synchronized void recheck(Candle candle) {
        windows.computeIfAbsent(RepairWindow.Key.of(candle.instrument(), candle.interval()),
                        k -> new RepairWindow(candle.instrument(), candle.interval()))
                .recheck(candle.openTime(), candle.closeTime().plus(settings.finality().settledMargin()).plusMillis(1));
    }

    /** True when nothing is owed: no window is open. */
    public synchronized boolean idle() {
        return windows.isEmpty() && connectedAt == null;
    }

    /**
     * True while a pass runs, one is due, or one waits out a failure's backoff; false when all that is
     * owed waits for candles to close (or for the exchange to publish what it had no candle for).
     */
    public synchronized boolean busy() {
        Instant now = clock.instant();
        return passing || connectedAt != null
                || windows.values().stream().anyMatch(w -> w.dueAt != null && !w.dueAt.isAfter(now));
    }

    /** One line per open window: stream, span, when due, failures. */
    public synchronized String describe() {
        StringBuilder out = new StringBuilder();
        windows.values().forEach(w -> out.append(w.instrument.symbol()).append(' ').append(w.interval).append(" [")
                .append(w.from).append(", ").append(w.to).append("] due ").append(w.dueAt).append(" failures ")
                .append(w.failures).append(" rechecks ").append(w.rechecks).append('\n'));
        return out.toString();
    }

    /** Passes run so far (a pass repairs one stream's window once). */
    public synchronized long passes() {
        return passes;
    }

    /** The windows still open, for logs and tests. */
    public synchronized int pending() {
        return windows.size();
    }

    /** Runs every pass that is due now. */
    public void runDue() {
        Instant now = clock.instant();
        List<RepairWindow> due = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        synchronized (this) {
            passing = true;
        }
        try {
            openWindows();
            synchronized (this) {
                for (RepairWindow window : windows.values()) {
                    if (window.isDue(now)) {
                        due.add(window);
                        plans.add(window.plan());
                    }
                }
            }
            runPasses(due, plans);
        } finally {
            synchronized (this) {
                passing = false;
            }
        }
    }

    private void runPasses(List<RepairWindow> due, List<Plan> plans) {
        long rows = 0;
        int left = 0;
        int failed = 0;
        for (int i = 0; i < plans.size() && running.getAsBoolean(); i++) {
            Pass pass = pass(plans.get(i));
            rows += pass.rows;
            left += pass.left;
            failed += pass.failure == null ? 0 : 1;
            finish(due.get(i), plans.get(i), pass);
        }
        if (!plans.isEmpty()) {
            LOG.info("Gap repair of {}: {} stream(s) checked, {} row(s) written, {} candle(s) still owed, {} failed",
                    exchange(), plans.size(), rows, left, failed);
        }
    }

    /** After a connect, one window per active stream of the exchange; kept for the next tick if the catalog cannot be read. */
    private void openWindows() {
        Instant at;
        synchronized (this) {
            at = connectedAt;
        }
        if (at == null) {
            return;
        }
        List<Starlisting> listings;
        try {
            listings = catalog.active(exchange());
        } catch (Exception e) {
            LOG.warn("Gap repair of {} could not read the catalog: {}", exchange(), e.getMessage());
            return;
        }
        synchronized (this) {
            for (Starlisting listing : listings) {
                for (CandleInterval interval : listing.intervals()) {
                    windows.computeIfAbsent(Key.of(listing.instrument(), interval),
                                    k -> new RepairWindow(listing.instrument(), interval))
                            .connected(history.repairStart(interval), at, settings.reconcileCandles());
                }
            }
            if (connectedAt == at) {
                connectedAt = null;
            }
        }
    }

    /** What one pass did and found. */
    private static final class Pass {
        long rows;
        int left;
        Exception failure;
        Instant nextDue;
        boolean retrySoon;
        final TreeSet<Instant> asked = new TreeSet<>();
        final Map<Instant, Empty> empty = new HashMap<>();

        void dueBy(Instant at) {
            nextDue = nextDue == null || at.isBefore(nextDue) ? at : nextDue;
        }
    }

    private Pass pass(Plan plan) {
        Pass pass = new Pass();
        Instant now = clock.instant();
        CandleInterval interval = plan.interval();
        RestFinality finality = settings.finality();
        Instant start = later(plan.from(), history.repairStart(interval));
        try {
            Map<Instant, Boolean> stored = store.openTimes(plan.instrument(), interval, start, plan.to());
            for (Instant open = start; !open.isAfter(plan.to()); open = interval.next(open)) {
                Instant close = interval.closeTime(open);
                boolean fetchable = now.isAfter(close.plus(finality.finalMargin()));
                Empty empty = plan.empty().get(open);
                boolean waiting = empty != null && (empty.exhausted() || empty.dueAt().isAfter(now));
                boolean hole = !Boolean.TRUE.equals(stored.get(open)) && !waiting;
                boolean reconcile = plan.reconcileFrom() != null && !open.isBefore(plan.reconcileFrom());
                boolean recheck = plan.rechecks().contains(open) && now.isAfter(close.plus(finality.settledMargin()));
                if ((fetchable && (hole || recheck)) || reconcile) {
                    pass.asked.add(open);
                }
            }
            for (Instant[] range : ranges(pass.asked, interval)) {
                if (!running.getAsBoolean()) {
                    break;
                }
                pass.rows += history.candles(plan.instrument(), interval, range[0], interval.next(range[1]), false, null,
                        LOG::debug);
            }
            check(plan, start, pass, now);
        } catch (Exception e) {
            pass.failure = e;
        }
        return pass;
    }

    /** After the requests: what is still owed, and when to look again. */
    private void check(Plan plan, Instant start, Pass pass, Instant now) throws Exception {
        CandleInterval interval = plan.interval();
        RestFinality finality = settings.finality();
        Map<Instant, Boolean> stored = store.openTimes(plan.instrument(), interval, start, plan.to());
        for (Instant open = start; !open.isAfter(plan.to()); open = interval.next(open)) {
            Instant settled = interval.closeTime(open).plus(finality.settledMargin());
            Boolean isFinal = stored.get(open);
            Empty empty = plan.empty().get(open);
            if (Boolean.TRUE.equals(isFinal)) {
                continue;
            }
            if (!now.isAfter(settled)) {
                pass.dueBy(settled.plusMillis(1)); // not owed yet: the live stream, or the next look
            } else if (pass.asked.contains(open) && isFinal == null) {
                Empty next = empty == null ? new Empty(0, now).askedAgain(now) : empty.askedAgain(now);
                pass.empty.put(open, next);
                if (!next.exhausted()) {
                    pass.dueBy(next.dueAt());
                    pass.left++;
                }
            } else if (empty != null) {
                if (!empty.exhausted()) {
                    pass.dueBy(empty.dueAt());
                    pass.left++;
                }
            } else {
                pass.left++;
                pass.retrySoon = true; // REST still gave it as open: ask again after the initial retry delay
            }
        }
    }

    /** Applies a pass to its window: done, or due again (backoff after a failure). */
    private synchronized void finish(RepairWindow window, Plan plan, Pass pass) {
        passes++;
        Instant now = clock.instant();
        window.empty.putAll(pass.empty);
        logExhausted(window, pass.empty);
        if (pass.failure != null) {
            window.failures++;
            Duration delay = backoff(window.failures);
            LOG.warn("Gap repair of {} {} {} failed (attempt {}), trying again in {} ms: {}", exchange(),
                    window.instrument.symbol(), window.interval, window.failures, delay.toMillis(),
                    UpstreamFailures.describe(pass.failure));
            if (window.version == plan.version()) {
                window.retryAtNanos = System.nanoTime() + delay.toNanos();
            }
            return;
        }
        window.failures = 0;
        if (window.version != plan.version()) {
            return; // a connect or a recheck came during the pass: it is due again as they said
        }
        window.reconcileFrom = null;
        window.rechecks.removeIf(open -> pass.asked.contains(open));
        if (pass.retrySoon) {
            window.retryAtNanos = System.nanoTime() + settings.retryInitial().toNanos();
            pass.dueBy(now);
        }
        if (pass.nextDue == null && window.rechecks.isEmpty()) {
            windows.remove(Key.of(window.instrument, window.interval));
        } else {
            window.dueAt = pass.nextDue != null ? pass.nextDue : window.interval.closeTime(window.rechecks.first())
                    .plus(settings.finality().settledMargin()).plusMillis(1);
        }
    }

    private void logExhausted(RepairWindow window, Map<Instant, Empty> asked) {
        List<Instant> given = asked.entrySet().stream().filter(e -> e.getValue().exhausted()).map(Map.Entry::getKey)
                .sorted().toList();
        if (!given.isEmpty()) {
            LOG.warn("Gap repair of {} {} {}: the exchange has no candle for {} open time(s) from {} to {} after {} "
                    + "asks; left as a gap (verify reports it)", exchange(), window.instrument.symbol(), window.interval,
                    given.size(), given.get(0), given.get(given.size() - 1), RepairWindow.EMPTY_RECHECKS.size() + 1);
        }
    }

    private Duration backoff(int failures) {
        long base = Math.min(settings.retryMax().toMillis(), settings.retryInitial().toMillis() << Math.min(failures - 1, 20));
        return Duration.ofMillis(Math.max(1, Math.round(base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()))));
    }

    /** Open times grouped into request ranges [first, last]: holes close together share one request. */
    private static List<Instant[]> ranges(TreeSet<Instant> opens, CandleInterval interval) {
        List<Instant[]> ranges = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (Instant open : opens) {
            if (first != null && interval.count(interval.next(last), open) > MERGE_GAP) {
                ranges.add(new Instant[] {first, last});
                first = null;
            }
            if (first == null) {
                first = open;
            }
            last = open;
        }
        if (first != null) {
            ranges.add(new Instant[] {first, last});
        }
        return ranges;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
