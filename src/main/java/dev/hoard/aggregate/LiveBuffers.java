package dev.hoard.aggregate;

import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.LiveFrame;
import dev.hoard.model.OpenInterest;
import dev.hoard.model.ParsedFrames;
import dev.hoard.sink.MarketBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where live frames of every stream meet: candle finality and per-key throttling
 * ({@link CandleFinalizer}) and per-minute asset contexts ({@link MinuteContextBuffer}). A timer
 * drains it into one {@link MarketBatch} per tick. Safe for many stream threads.
 */
public final class LiveBuffers {

    private final Clock clock;
    private final CandleFinalizer candles;
    private final MinuteContextBuffer contexts = new MinuteContextBuffer();

    public LiveBuffers(Clock clock, Duration finalGrace, Duration provisionalThrottle) {
        this.clock = clock;
        this.candles = new CandleFinalizer(finalGrace, provisionalThrottle);
    }

    public synchronized void offerAll(ParsedFrames batch) {
        batch.frames().forEach(this::offer);
    }

    public synchronized void offer(LiveFrame frame) {
        for (Candle candle : frame.candles()) {
            candles.offer(candle, frame.inferFinality());
        }
        if (frame.funding() != null || frame.openInterest() != null) {
            contexts.offer(frame.funding(), frame.openInterest());
        }
    }

    /** A stream of {@code exchange} disconnected: its forming candles will come from gap repair. */
    public synchronized void streamLost(String exchange) {
        candles.forgetForming(exchange);
    }

    /** Everything due now, as one unit to write; empty when nothing is. */
    public synchronized MarketBatch drain() {
        List<Candle> due = candles.drain(clock.instant());
        List<FundingRate> funding = new ArrayList<>();
        List<OpenInterest> openInterest = new ArrayList<>();
        contexts.drain(clock.instant(), funding, openInterest);
        return new MarketBatch(due, funding, openInterest, List.of());
    }
}
