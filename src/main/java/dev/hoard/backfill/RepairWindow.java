package dev.hoard.backfill;

import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What gap repair owes one stream (instrument, interval): every candle opening in [from, to] must end
 * up final, where {@code to} is the candle forming when a connection started (fixed then, so finals
 * the live stream writes meanwhile hide nothing), and {@code from} the oldest candle REST serves.
 * Besides the holes it holds the candles to compare with REST once ({@code reconcileFrom}, the recent
 * closed candles after a connect), the finals to ask for again because two reports disagreed, and
 * the open times the exchange answered with no candle at all, asked again on a spaced schedule
 * (Hyperliquid publishes some no-trade minutes late, UPSTREAMS.md §9.5) and then left alone.
 *
 * <p>Guarded by the owning {@link GapRepair}'s lock.
 */
final class RepairWindow {

    /** When the exchange is asked again for an open time it had no candle for; then never again. */
    static final List<Duration> EMPTY_RECHECKS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30));

    record Key(String exchange, String symbol, String marketType, CandleInterval interval) {
        static Key of(Instrument instrument, CandleInterval interval) {
            return new Key(instrument.exchange(), instrument.symbol(), instrument.marketType(), interval);
        }
    }

    /** An open time the exchange answered with no candle: how often it was asked, and when to ask again. */
    record Empty(int asked, Instant dueAt) {
        boolean exhausted() {
            return dueAt == null;
        }

        Empty askedAgain(Instant now) {
            int times = asked + 1;
            return new Empty(times, times > EMPTY_RECHECKS.size() ? null : now.plus(EMPTY_RECHECKS.get(times - 1)));
        }
    }

    final Instrument instrument;
    final CandleInterval interval;
    Instant from;
    Instant to;
    Instant reconcileFrom;
    final TreeSet<Instant> rechecks = new TreeSet<>();
    final Map<Instant, Empty> empty = new HashMap<>();
    int failures;
    /** When the window is due, on the exchange's (Hoard's) clock: holes wait for their candles to close. */
    Instant dueAt;
    /** After a failure, not before this {@link System#nanoTime()}: backoff is real time, whatever the clock says. */
    long retryAtNanos;
    long version;

    RepairWindow(Instrument instrument, CandleInterval interval) {
        this.instrument = instrument;
        this.interval = interval;
        this.retryAtNanos = System.nanoTime();
    }

    /** A connection started: the window reaches at least from {@code from} to the candle forming at {@code at}. */
    void connected(Instant from, Instant at, int reconcileCandles) {
        Instant forming = interval.openTimeOf(at);
        this.to = to == null || forming.isAfter(to) ? forming : to;
        this.from = this.from == null || from.isBefore(this.from) ? from : this.from;
        Instant back = forming;
        for (int i = 0; i < reconcileCandles; i++) {
            back = interval.openTimeOf(back.minusMillis(1));
        }
        reconcileFrom = back;
        failures = 0;
        dueAt = at;
        retryAtNanos = System.nanoTime();
        version++;
    }

    boolean isDue(Instant now) {
        return dueAt != null && !dueAt.isAfter(now) && System.nanoTime() - retryAtNanos >= 0;
    }

    /** A final to ask the exchange for again once it is settled ({@code settledAt}). */
    void recheck(Instant open, Instant settledAt) {
        rechecks.add(open);
        from = from == null || open.isBefore(from) ? open : from;
        to = to == null || open.isAfter(to) ? open : to;
        dueAt = dueAt == null || settledAt.isBefore(dueAt) ? settledAt : dueAt;
        version++;
    }

    /** What a pass works on, copied under the lock. */
    Plan plan() {
        return new Plan(instrument, interval, from, to, reconcileFrom, new TreeSet<>(rechecks), Map.copyOf(empty),
                version);
    }

    record Plan(Instrument instrument, CandleInterval interval, Instant from, Instant to, Instant reconcileFrom,
                TreeSet<Instant> rechecks, Map<Instant, Empty> empty, long version) {
    }
}
