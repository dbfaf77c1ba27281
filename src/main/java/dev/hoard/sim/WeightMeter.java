package dev.hoard.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Thread-safe sliding-window meter of Hyperliquid REST weight (UPSTREAMS.md §1.7): the weight of the requests
 * answered in the last 60 s of real (monotonic) time, and an optional limit above which requests get 429.
 */
final class WeightMeter {

    static final int HYPERLIQUID_LIMIT_PER_MINUTE = 1200;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    private record Entry(long nanos, long weight) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final LongSupplier nanoTime;
    private long sum;
    private long total;
    private int limitPerMinute;
    private long rejected;

    WeightMeter() {
        this(System::nanoTime);
    }

    WeightMeter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void add(long weight) {
        long now = nanoTime.getAsLong();
        expire(now);
        entries.addLast(new Entry(now, weight));
        sum += weight;
        total += weight;
    }

    /** True if a request of {@code weight} must be refused now (the limit is on and would be exceeded). */
    synchronized boolean refuse(long weight) {
        if (limitPerMinute <= 0) {
            return false;
        }
        expire(nanoTime.getAsLong());
        if (sum + weight > limitPerMinute) {
            rejected++;
            return true;
        }
        return false;
    }

    synchronized long usedLastMinute() {
        expire(nanoTime.getAsLong());
        return sum;
    }

    synchronized long total() {
        return total;
    }

    synchronized long rejected() {
        return rejected;
    }

    /** 0 turns the limit off. */
    synchronized void limitPerMinute(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("weight limit must not be negative: " + limit);
        }
        limitPerMinute = limit;
    }

    synchronized int limitPerMinute() {
        return limitPerMinute;
    }

    synchronized void reset() {
        entries.clear();
        sum = 0;
        total = 0;
        rejected = 0;
    }

    private void expire(long now) {
        while (!entries.isEmpty() && now - entries.peekFirst().nanos() >= WINDOW_NANOS) {
            sum -= entries.removeFirst().weight();
        }
    }
}
