package dev.hoard.aggregate;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a stream of candle updates into rows to write. Per stream (instrument, interval) it keeps
 * the newest update of the forming candle and writes it at most once per throttle period, so a hot
 * stream does not write on every frame. A candle becomes final when the upstream says so, or, for
 * upstreams without a close flag, when a later candle of the same stream arrives or its close time
 * plus the grace has passed. Finals are written at the next drain, never throttled.
 *
 * <p>Not thread-safe: the caller serializes {@link #offer} and {@link #drain}.
 */
final class CandleFinalizer {

    private record StreamKey(String exchange, String symbol, String marketType, CandleInterval interval) {
        static StreamKey of(Candle c) {
            Instrument i = c.instrument();
            return new StreamKey(i.exchange(), i.symbol(), i.marketType(), c.interval());
        }
    }

    private static final class StreamState {
        Candle forming;
        boolean dirty;
        Instant lastWritten = Instant.EPOCH;
        Instant lastFinalOpen;
        boolean inferFinality;
    }

    private final Duration grace;
    private final Duration throttle;
    private final Map<StreamKey, StreamState> streams = new HashMap<>();
    private final List<Candle> finals = new ArrayList<>();

    CandleFinalizer(Duration grace, Duration throttle) {
        this.grace = grace;
        this.throttle = throttle;
    }

    void offer(Candle update, boolean inferFinality) {
        StreamState state = streams.computeIfAbsent(StreamKey.of(update), k -> new StreamState());
        state.inferFinality = inferFinality;
        if (state.lastFinalOpen != null && !update.openTime().isAfter(state.lastFinalOpen)) {
            correctPendingFinal(update);
            return;
        }
        if (update.isFinal()) {
            finals.add(update);
            state.lastFinalOpen = update.openTime();
            if (state.forming != null && !state.forming.openTime().isAfter(update.openTime())) {
                state.forming = null;
                state.dirty = false;
            }
            return;
        }
        if (state.forming != null && update.openTime().isAfter(state.forming.openTime()) && inferFinality) {
            finalize(state);
        }
        if (state.forming == null || !update.openTime().isBefore(state.forming.openTime())) {
            state.forming = update;
            state.dirty = true;
        }
    }

    /**
     * A late update of a candle already declared final (frames swapped in transit): while that final
     * is still waiting to be written, the newer values replace it; once written, a final stays.
     */
    private void correctPendingFinal(Candle update) {
        for (int i = finals.size() - 1; i >= 0; i--) {
            Candle pending = finals.get(i);
            if (pending.openTime().equals(update.openTime()) && StreamKey.of(pending).equals(StreamKey.of(update))) {
                finals.set(i, update.asFinal());
                return;
            }
        }
    }

    private void finalize(StreamState state) {
        finals.add(state.forming.asFinal());
        state.lastFinalOpen = state.forming.openTime();
        state.forming = null;
        state.dirty = false;
    }

    /** The rows due now: every pending final, and forming candles whose throttle period has passed. */
    List<Candle> drain(Instant now) {
        List<Candle> out = new ArrayList<>(finals);
        finals.clear();
        for (StreamState state : streams.values()) {
            Candle forming = state.forming;
            if (forming == null) {
                continue;
            }
            if (state.inferFinality && now.isAfter(forming.closeTime().plus(grace))) {
                out.add(forming.asFinal());
                state.lastFinalOpen = forming.openTime();
                state.forming = null;
                state.dirty = false;
            } else if (state.dirty && !now.isBefore(state.lastWritten.plus(throttle))) {
                out.add(forming);
                state.lastWritten = now;
                state.dirty = false;
            }
        }
        return out;
    }

    /**
     * Drops the forming candles of an exchange whose stream went down: their last values may be
     * partial, so they must not become final by time; gap repair fetches them from REST instead.
     * Pending finals stay.
     */
    void forgetForming(String exchange) {
        streams.forEach((key, state) -> {
            if (key.exchange().equals(exchange)) {
                state.forming = null;
                state.dirty = false;
            }
        });
    }

    int streams() {
        return streams.size();
    }
}
