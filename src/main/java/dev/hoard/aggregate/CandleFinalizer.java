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
 * stream does not write on every frame. Finals are written at the next drain, never throttled.
 *
 * <p>A candle becomes final when the upstream says so, or, for upstreams without a close flag, when a
 * later candle of the same stream arrives, or when its close time plus the grace has passed <em>and</em>
 * its connection is known to have been alive after that moment (a frame of any kind arrived later, see
 * {@link LiveBuffers#alive}). A silent connection's forming candle is never made final by time: its
 * last values may be partial, so it waits for the reconnect and gap repair over REST.
 *
 * <p>A forming candle of an upstream that flags finals, overtaken by a later candle before its final
 * came (the final frame was lost), is reported as unfinished ({@link #takeUnfinished}): only REST can
 * finish it.
 *
 * <p>Within one candle the trade count and volume only grow, so an update with fewer trades or less
 * volume than one already seen is stale (a frame swapped or duplicated in transit) and is dropped. A
 * late update that grows a final already written is written as a final again: the writer records the
 * disagreement and the exchange is asked once the candle has surely closed.
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

    /** A connection of an exchange's stream. */
    record Connection(String exchange, int shard) {
    }

    private static final class StreamState {
        Candle forming;
        boolean dirty;
        Instant lastWritten = Instant.EPOCH;
        Candle lastFinal;
        boolean inferFinality;
        int shard;
    }

    private final Duration grace;
    private final Duration throttle;
    private final Map<StreamKey, StreamState> streams = new HashMap<>();
    private final List<Candle> finals = new ArrayList<>();
    private final List<Candle> unfinished = new ArrayList<>();

    CandleFinalizer(Duration grace, Duration throttle) {
        this.grace = grace;
        this.throttle = throttle;
    }

    void offer(Candle update, boolean inferFinality, int shard) {
        StreamState state = streams.computeIfAbsent(StreamKey.of(update), k -> new StreamState());
        state.inferFinality = inferFinality;
        state.shard = shard;
        Candle lastFinal = state.lastFinal;
        if (lastFinal != null && !update.openTime().isAfter(lastFinal.openTime())) {
            lateUpdate(state, update);
            return;
        }
        if (update.isFinal()) {
            markFinal(state, update);
            return;
        }
        Candle forming = state.forming;
        if (forming != null && update.openTime().isAfter(forming.openTime())) {
            if (inferFinality) {
                markFinal(state, forming.asFinal());
            } else {
                unfinished.add(forming);
            }
            forming = null;
        }
        if (forming == null || update.openTime().isAfter(forming.openTime())
                || (update.openTime().equals(forming.openTime()) && !isOlder(update, forming))) {
            state.forming = update;
            state.dirty = true;
        }
    }

    private void markFinal(StreamState state, Candle candle) {
        finals.add(candle);
        state.lastFinal = candle;
        if (state.forming != null && !state.forming.openTime().isAfter(candle.openTime())) {
            state.forming = null;
            state.dirty = false;
        }
    }

    /**
     * An update of the candle already declared final (frames swapped in transit), or of an older one
     * (dropped). When it grows that final, its values are the more complete: a final still waiting to
     * be written takes them; one already written is reported again as a final.
     */
    private void lateUpdate(StreamState state, Candle update) {
        Candle lastFinal = state.lastFinal;
        if (!update.openTime().equals(lastFinal.openTime()) || !grows(update, lastFinal)) {
            return;
        }
        Candle corrected = update.asFinal();
        for (int i = finals.size() - 1; i >= 0; i--) {
            Candle pending = finals.get(i);
            if (pending.openTime().equals(update.openTime()) && StreamKey.of(pending).equals(StreamKey.of(update))) {
                finals.set(i, corrected);
                state.lastFinal = corrected;
                return;
            }
        }
        finals.add(corrected);
        state.lastFinal = corrected;
    }

    /** True when {@code update} has fewer trades or less volume than {@code seen}: an older report. */
    private static boolean isOlder(Candle update, Candle seen) {
        return less(update.trades(), seen.trades()) || (update.volume() != null && seen.volume() != null
                && update.volume().compareTo(seen.volume()) < 0);
    }

    /** True when {@code update} is not older than {@code seen} and has more trades or volume. */
    private static boolean grows(Candle update, Candle seen) {
        return !isOlder(update, seen) && (less(seen.trades(), update.trades()) || (update.volume() != null
                && seen.volume() != null && seen.volume().compareTo(update.volume()) < 0));
    }

    private static boolean less(Long a, Long b) {
        return a != null && b != null && a < b;
    }

    /**
     * The rows due now: every pending final, and forming candles whose throttle period has passed. A
     * forming candle of an upstream without a close flag is final once its close time plus the grace
     * has passed, if {@code aliveAt} says its connection delivered a frame after that moment.
     */
    List<Candle> drain(Instant now, Map<Connection, Instant> aliveAt) {
        List<Candle> out = new ArrayList<>(finals);
        finals.clear();
        for (Map.Entry<StreamKey, StreamState> entry : streams.entrySet()) {
            StreamState state = entry.getValue();
            Candle forming = state.forming;
            if (forming == null) {
                continue;
            }
            Instant due = forming.closeTime().plus(grace);
            Instant alive = aliveAt.get(new Connection(entry.getKey().exchange(), state.shard));
            if (state.inferFinality && now.isAfter(due) && alive != null && alive.isAfter(due)) {
                Candle closed = forming.asFinal();
                out.add(closed);
                state.lastFinal = closed;
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

    /** Forming candles with values not yet written, as provisional rows (the last write at shutdown). */
    List<Candle> drainForming() {
        List<Candle> out = new ArrayList<>();
        for (StreamState state : streams.values()) {
            if (state.forming != null && state.dirty) {
                out.add(state.forming);
                state.dirty = false;
            }
        }
        return out;
    }

    /** Forming candles overtaken before their final came, since the last call. */
    List<Candle> takeUnfinished() {
        List<Candle> out = List.copyOf(unfinished);
        unfinished.clear();
        return out;
    }

    /**
     * Drops the forming candles of a connection that went down: their last values may be partial, so
     * they must not become final by time; gap repair fetches them from REST instead. Pending finals stay.
     */
    void forgetForming(Connection connection) {
        streams.forEach((key, state) -> {
            if (key.exchange().equals(connection.exchange()) && state.shard == connection.shard()) {
                state.forming = null;
                state.dirty = false;
            }
        });
    }

    int streams() {
        return streams.size();
    }
}
