package dev.hoard.aggregate;

import dev.hoard.aggregate.CandleFinalizer.Connection;
import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.LiveFrame;
import dev.hoard.model.OpenInterest;
import dev.hoard.model.ParsedFrames;
import dev.hoard.sink.MarketBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where live frames of every stream meet: candle finality and per-key throttling
 * ({@link CandleFinalizer}) and per-minute asset contexts ({@link MinuteContextBuffer}). A timer
 * drains it into one {@link MarketBatch} per tick. It also knows, per connection (exchange and
 * shard), when a frame last arrived: a candle is made final by time only on a connection known to be
 * alive after its close plus the grace. Safe for many stream threads.
 */
public final class LiveBuffers {

    private final Clock clock;
    private final CandleFinalizer candles;
    private final MinuteContextBuffer contexts = new MinuteContextBuffer();
    private final Map<Connection, Instant> aliveAt = new HashMap<>();
    private volatile Consumer<Candle> unfinishedListener = candle -> { };

    public LiveBuffers(Clock clock, Duration finalGrace, Duration provisionalThrottle) {
        this.clock = clock;
        this.candles = new CandleFinalizer(finalGrace, provisionalThrottle);
    }

    /** Told of every forming candle overtaken by a later one before its final frame came. */
    public void onUnfinished(Consumer<Candle> listener) {
        this.unfinishedListener = listener;
    }

    /** A batch of frames of one connection, the last of them received at {@code receivedAt}: it was alive then. */
    public void offerAll(ParsedFrames batch, String exchange, int shard, Instant receivedAt) {
        List<Candle> unfinished;
        synchronized (this) {
            aliveAt.merge(new Connection(exchange, shard), receivedAt, (a, b) -> a.isAfter(b) ? a : b);
            batch.frames().forEach(frame -> offer(frame, shard));
            unfinished = candles.takeUnfinished();
        }
        unfinished.forEach(unfinishedListener);
    }

    /** One frame of connection 0 (tests, benchmarks); it does not count as a sign of life. */
    public synchronized void offer(LiveFrame frame) {
        offer(frame, 0);
    }

    private void offer(LiveFrame frame, int shard) {
        for (Candle candle : frame.candles()) {
            candles.offer(candle, frame.inferFinality(), shard);
        }
        if (frame.funding() != null || frame.openInterest() != null) {
            contexts.offer(frame.funding(), frame.openInterest());
        }
    }

    /** Connection {@code shard} of {@code exchange} is a sign of life now (a ping or pong frame). */
    public synchronized void alive(String exchange, int shard) {
        aliveAt.put(new Connection(exchange, shard), clock.instant());
    }

    /** A connection of {@code exchange} went down: its forming candles will come from gap repair. */
    public synchronized void streamLost(String exchange, int shard) {
        Connection connection = new Connection(exchange, shard);
        aliveAt.remove(connection);
        candles.forgetForming(connection);
    }

    /** Everything due now, as one unit to write; empty when nothing is. */
    public synchronized MarketBatch drain() {
        Instant now = clock.instant();
        List<Candle> due = candles.drain(now, aliveAt);
        List<FundingRate> funding = new ArrayList<>();
        List<OpenInterest> openInterest = new ArrayList<>();
        contexts.drain(now, funding, openInterest);
        return new MarketBatch(due, funding, openInterest, List.of());
    }

    /**
     * Everything held, for the last write at shutdown: what is due, forming candles as provisional
     * rows, and the minute still in progress with its latest context so far.
     */
    public synchronized MarketBatch drainAll() {
        MarketBatch due = drain();
        List<Candle> all = new ArrayList<>(due.candles());
        all.addAll(candles.drainForming());
        List<FundingRate> funding = new ArrayList<>(due.funding());
        List<OpenInterest> openInterest = new ArrayList<>(due.openInterest());
        contexts.drain(Instant.MAX, funding, openInterest);
        return new MarketBatch(all, funding, openInterest, List.of());
    }
}
