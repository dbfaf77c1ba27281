package dev.hoard.backfill;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream's request-weight budget per sliding minute, shared by every job in the process
 * (DESIGN.md §4 rule 7). {@link #acquire} blocks until the weight fits; weight that only becomes
 * known from a response (per returned item) is added afterwards with {@link #charge}.
 */
public final class WeightBudget {

    private static final Logger LOG = LoggerFactory.getLogger(WeightBudget.class);
    private static final long WINDOW_MS = Duration.ofMinutes(1).toMillis();

    private record Spend(long atMs, int weight) {
    }

    private final String upstream;
    private final int limitPerMinute;
    private final Clock clock;
    private final Deque<Spend> window = new ArrayDeque<>();
    private int used;
    private long waits;

    public WeightBudget(String upstream, int limitPerMinute, Clock clock) {
        this.upstream = upstream;
        this.limitPerMinute = limitPerMinute;
        this.clock = clock;
    }

    /** Waits until {@code weight} fits in the last minute's budget, then spends it. */
    public synchronized void acquire(int weight) throws InterruptedException {
        int wanted = Math.min(weight, limitPerMinute);
        boolean logged = false;
        while (true) {
            long now = clock.millis();
            expire(now);
            if (used + wanted <= limitPerMinute) {
                spend(now, weight);
                return;
            }
            long waitMs = Math.max(1, window.peekFirst().atMs() + WINDOW_MS - now);
            if (!logged) {
                waits++;
                LOG.debug("{} weight budget full ({}/{} per minute): waiting {} ms", upstream, used, limitPerMinute, waitMs);
                logged = true;
            }
            wait(Math.min(waitMs, 100)); // re-check often: the clock may be moved, or others may charge
        }
    }

    /** Spends weight already incurred (the per-item part of a response) without waiting. */
    public synchronized void charge(int weight) {
        if (weight > 0) {
            long now = clock.millis();
            expire(now);
            spend(now, weight);
        }
    }

    public synchronized int usedLastMinute() {
        expire(clock.millis());
        return used;
    }

    public synchronized long waits() {
        return waits;
    }

    private void spend(long now, int weight) {
        window.addLast(new Spend(now, weight));
        used += weight;
    }

    private void expire(long now) {
        while (!window.isEmpty() && window.peekFirst().atMs() + WINDOW_MS <= now) {
            used -= window.removeFirst().weight();
        }
        notifyAll();
    }
}
