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
import java.util.Set;
import java.util.function.Predicate;

/**
 * Thread-safe fault knobs that {@link ExchangeSimulator} applies to every upstream request.
 *
 * <p>Each request consumes at most one counted fault, in this order: a pending drop, else a pending failure
 * status, else (if the module can corrupt that kind of response) a pending malformed body. Statuses and
 * malformed kinds queue up in the order they were added. The latency applies to every response, faulty or not.
 */
public final class SimFaults {

    /** Ways a module corrupts its normal body. Kinds that do not fit a request are left pending. */
    public enum Malformed {
        /** Status 200 with a body that is not JSON at all. */
        NOT_JSON,
        /** The valid body cut in half. */
        TRUNCATED,
        /** The asset-context array is one element shorter than the universe. */
        LENGTH_MISMATCH,
        /** The context of the asset at index 1 has {@code "funding":"abc"}. */
        NON_NUMERIC_FUNDING,
        /** The context at index 2 is the JSON string {@code "oops"} instead of an object. */
        STRING_CTX,
        /** {@code meta.universe} is a string instead of an array. */
        UNIVERSE_NOT_ARRAY
    }

    /** A fault that replaces the module's answer: either a dropped connection or an HTTP failure status. */
    record Interception(boolean drop, int status) {

        static Interception dropConnection() {
            return new Interception(true, 0);
        }

        static Interception fail(int status) {
            return new Interception(false, status);
        }
    }

    private static final class Pending<T> {
        final T value;
        int remaining;

        Pending(T value, int remaining) {
            this.value = value;
            this.remaining = remaining;
        }
    }

    private Duration latency = Duration.ZERO;
    private int drops;
    private final Deque<Pending<Integer>> statuses = new ArrayDeque<>();
    private final Deque<Pending<Malformed>> malformed = new ArrayDeque<>();

    /** Delays every response (including fault responses and drops) by {@code delay}. */
    public synchronized SimFaults latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + delay);
        }
        latency = delay;
        return this;
    }

    public synchronized Duration latency() {
        return latency;
    }

    /** Answers the next {@code count} requests with {@code httpStatus} (400-599) instead of the normal body. */
    public synchronized SimFaults failNext(int count, int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("failure status must be 400-599: " + httpStatus);
        }
        if (checkCount(count) > 0) {
            statuses.addLast(new Pending<>(httpStatus, count));
        }
        return this;
    }

    /** Makes the next {@code count} requests that can carry {@code kind} answer with that corruption. */
    public synchronized SimFaults malformedNext(int count, Malformed kind) {
        Objects.requireNonNull(kind, "kind");
        if (checkCount(count) > 0) {
            malformed.addLast(new Pending<>(kind, count));
        }
        return this;
    }

    /** Closes the connection of the next {@code count} requests without writing any response. */
    public synchronized SimFaults dropNext(int count) {
        drops += checkCount(count);
        return this;
    }

    /** Removes every pending fault and the latency. */
    public synchronized SimFaults clear() {
        latency = Duration.ZERO;
        drops = 0;
        statuses.clear();
        malformed.clear();
        return this;
    }

    /** Consumes the next drop or failure status, if any. */
    synchronized Optional<Interception> takeInterception() {
        if (drops > 0) {
            drops--;
            return Optional.of(Interception.dropConnection());
        }
        return Optional.ofNullable(take(statuses, status -> true)).map(Interception::fail);
    }

    /** Consumes the next malformed fault if its kind is one of {@code applicable}; otherwise leaves it pending. */
    synchronized Optional<Malformed> takeMalformed(Set<Malformed> applicable) {
        return Optional.ofNullable(take(malformed, applicable::contains));
    }

    /** The current knobs, for the admin API. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("latencyMs", latency.toMillis());
        out.put("drops", drops);
        out.put("statuses", describe(statuses, "status"));
        out.put("malformed", describe(malformed, "kind"));
        return out;
    }

    /** Counts down the head of {@code queue} and returns its value, or null if it is empty or not applicable. */
    private static <T> T take(Deque<Pending<T>> queue, Predicate<T> applicable) {
        Pending<T> head = queue.peekFirst();
        if (head == null || !applicable.test(head.value)) {
            return null;
        }
        if (--head.remaining == 0) {
            queue.removeFirst();
        }
        return head.value;
    }

    private static <T> List<Map<String, Object>> describe(Deque<Pending<T>> queue, String valueKey) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pending<T> p : queue) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(valueKey, p.value);
            entry.put("remaining", p.remaining);
            out.add(entry);
        }
        return out;
    }

    private static int checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return count;
    }
}
