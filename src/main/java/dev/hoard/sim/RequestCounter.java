package dev.hoard.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe per-key request counts (keys are chosen by each {@link SimModule}). */
final class RequestCounter {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    long get(String key) {
        LongAdder count = counts.get(key);
        return count == null ? 0 : count.sum();
    }

    void reset() {
        counts.clear();
    }

    /** All counts, sorted by key. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((key, count) -> out.put(key, count.sum()));
        return out;
    }
}
