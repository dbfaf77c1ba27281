package dev.hoard.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Thread-safe fault knobs of the simulated Hyperliquid WebSocket ({@link HyperliquidWs}).
 *
 * <p>"Data frames" are the {@code candle} and {@code activeAssetCtx} frames of emission rounds; the greeting, acks,
 * errors and pongs are not data frames. Counted faults are consumed by data frames in the order they are written,
 * across all connections. {@link HyperliquidWs#blast bulk writes} bypass every fault.
 */
public final class WsFaults {

    /** How {@link #malformedNext(int, Malformed)} breaks a data frame. */
    public enum Malformed {
        /** The frame's JSON text cut in half: not parseable. */
        NOT_JSON,
        /** Valid JSON of the wrong type: a candle with {@code "t":"oops"}, an activeAssetCtx with {@code "ctx":"oops"}. */
        WRONG_TYPE
    }

    /** What the faults need from the WebSocket server. */
    interface Hooks {
        /** Closes every open socket at once; returns how many. */
        int dropAll();

        /** The id of the most recently accepted connection (ids grow from 1). */
        long lastConnectionId();
    }

    /** The status a refused handshake gets unless another one is given. */
    public static final int DEFAULT_REFUSAL_STATUS = 429;

    private static final class Pending<T> {
        final T value;
        int remaining;

        Pending(T value, int remaining) {
            this.value = value;
            this.remaining = remaining;
        }
    }

    private final Hooks hooks;
    private Duration delay = Duration.ZERO;
    private long silenceCutoffId;
    private long silenceUntilNanos;
    private final Deque<Pending<Malformed>> malformed = new ArrayDeque<>();
    private int duplicates;
    private int swaps;
    private final Deque<Pending<Integer>> refusals = new ArrayDeque<>();

    WsFaults(Hooks hooks) {
        this.hooks = hooks;
    }

    /**
     * Closes every open socket now, abruptly: the TCP connection is reset (SO_LINGER 0) without a WebSocket close
     * frame, what a client sees as an abnormal closure (1006) or a connection reset. Returns once the closes were
     * started on the event loop.
     */
    public WsFaults dropAll() {
        hooks.dropAll();
        return this;
    }

    /**
     * The sockets open now send nothing at all — no data, acks, errors or pongs (what would have been sent is
     * discarded) — for {@code duration}; sockets opened later are unaffected. A silent socket is still closed by the
     * idle rule if the silence outlasts {@link HyperliquidWs#idleCloseAfter()}.
     */
    public synchronized WsFaults silence(Duration duration) {
        requireNonNegative(duration, "silence");
        silenceCutoffId = hooks.lastConnectionId();
        silenceUntilNanos = System.nanoTime() + duration.toNanos();
        return this;
    }

    /** Breaks the next {@code count} data frames as {@link Malformed#NOT_JSON}. */
    public WsFaults malformedNext(int count) {
        return malformedNext(count, Malformed.NOT_JSON);
    }

    /** Breaks the next {@code count} data frames as {@code kind}. */
    public synchronized WsFaults malformedNext(int count, Malformed kind) {
        Objects.requireNonNull(kind, "kind");
        if (checkCount(count) > 0) {
            malformed.addLast(new Pending<>(kind, count));
        }
        return this;
    }

    /** Sends each of the next {@code count} data frames twice in a row. */
    public synchronized WsFaults duplicateNext(int count) {
        duplicates += checkCount(count);
        return this;
    }

    /** Sends the next two data frames of one connection in reverse order (out of order delivery). */
    public WsFaults swapNext() {
        return swapNext(1);
    }

    /** {@link #swapNext()} {@code count} times. */
    public synchronized WsFaults swapNext(int count) {
        swaps += checkCount(count);
        return this;
    }

    /** Delays every frame (greeting, acks, pongs and data) by {@code delay}; order is kept. Zero turns it off. */
    public synchronized WsFaults delay(Duration delay) {
        requireNonNegative(delay, "delay");
        this.delay = delay;
        return this;
    }

    public synchronized Duration delay() {
        return delay;
    }

    /** Rejects the next {@code count} WebSocket handshakes with HTTP {@value #DEFAULT_REFUSAL_STATUS}. */
    public WsFaults refuseConnections(int count) {
        return refuseConnections(count, DEFAULT_REFUSAL_STATUS);
    }

    /** Rejects the next {@code count} WebSocket handshakes with {@code httpStatus} (400-599). */
    public synchronized WsFaults refuseConnections(int count, int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("refusal status must be 400-599: " + httpStatus);
        }
        if (checkCount(count) > 0) {
            refusals.addLast(new Pending<>(httpStatus, count));
        }
        return this;
    }

    /** Removes every pending fault, the delay and any silence. */
    public synchronized WsFaults clear() {
        delay = Duration.ZERO;
        silenceCutoffId = 0;
        silenceUntilNanos = 0;
        malformed.clear();
        duplicates = 0;
        swaps = 0;
        refusals.clear();
        return this;
    }

    synchronized boolean isSilenced(long connectionId) {
        return connectionId <= silenceCutoffId && System.nanoTime() - silenceUntilNanos < 0;
    }

    synchronized Optional<Malformed> takeMalformed() {
        Pending<Malformed> head = malformed.peekFirst();
        if (head == null) {
            return Optional.empty();
        }
        if (--head.remaining == 0) {
            malformed.removeFirst();
        }
        return Optional.of(head.value);
    }

    synchronized boolean takeDuplicate() {
        if (duplicates == 0) {
            return false;
        }
        duplicates--;
        return true;
    }

    synchronized boolean takeSwap() {
        if (swaps == 0) {
            return false;
        }
        swaps--;
        return true;
    }

    synchronized OptionalInt takeRefusal() {
        Pending<Integer> head = refusals.peekFirst();
        if (head == null) {
            return OptionalInt.empty();
        }
        if (--head.remaining == 0) {
            refusals.removeFirst();
        }
        return OptionalInt.of(head.value);
    }

    /** The knobs, for the admin API. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("delayMs", delay.toMillis());
        long silenceLeft = silenceUntilNanos - System.nanoTime();
        out.put("silenceRemainingMs", silenceCutoffId > 0 && silenceLeft > 0 ? silenceLeft / 1_000_000 : 0);
        out.put("silencedUpToConnection", silenceCutoffId > 0 && silenceLeft > 0 ? silenceCutoffId : 0);
        List<Map<String, Object>> bad = new ArrayList<>();
        for (Pending<Malformed> p : malformed) {
            bad.add(pair("kind", p.value.name(), p.remaining));
        }
        out.put("malformed", bad);
        out.put("duplicates", duplicates);
        out.put("swaps", swaps);
        List<Map<String, Object>> refused = new ArrayList<>();
        for (Pending<Integer> p : refusals) {
            refused.add(pair("status", p.value, p.remaining));
        }
        out.put("refusals", refused);
        return out;
    }

    private static Map<String, Object> pair(String key, Object value, int remaining) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(key, value);
        entry.put("remaining", remaining);
        return entry;
    }

    private static void requireNonNegative(Duration duration, String what) {
        if (Objects.requireNonNull(duration, what).isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + duration);
        }
    }

    private static int checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return count;
    }
}
