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
    private final io.micrometer.core.instrument.Counter waitCounter;

    public WeightBudget(String upstream, int limitPerMinute, Clock clock) {
        this.upstream = upstream;
        this.limitPerMinute = limitPerMinute;
        this.clock = clock;
        this.waitCounter = io.micrometer.core.instrument.Counter.builder("hoard.ratelimit.waits")
                .description("requests that waited for the upstream's weight budget").tag("upstream", upstream)
                .register(io.micrometer.core.instrument.Metrics.globalRegistry);
        // the newest budget of this upstream is the one in use (a restarted application makes a new one)
        io.micrometer.core.instrument.Gauge previous = io.micrometer.core.instrument.Metrics.globalRegistry
                .find("hoard.ratelimit.weight.used").tag("upstream", upstream).gauge();
        if (previous != null) {
            io.micrometer.core.instrument.Metrics.globalRegistry.remove(previous);
        }
        io.micrometer.core.instrument.Gauge.builder("hoard.ratelimit.weight.used", this, WeightBudget::usedLastMinute)
                .description("request weight spent in the last minute").tag("upstream", upstream)
                .register(io.micrometer.core.instrument.Metrics.globalRegistry);
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
                waitCounter.increment();
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
