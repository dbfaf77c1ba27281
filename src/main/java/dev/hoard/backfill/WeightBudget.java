package dev.hoard.backfill;

import dev.hoard.ops.RateLimitMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
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
 *
 * <p>Upstreams that report the weight they have counted (Binance's {@code X-MBX-USED-WEIGHT-1M}) feed it
 * to {@link #observeUsed}: within the same UTC minute the higher of the two counts applies, so other
 * clients on the same IP are accounted for. {@link #pause} (a 429's {@code Retry-After}) and
 * {@link #ban} (a 418) hold every {@link #acquire} of the process until they end.
 */
public final class WeightBudget {

    private static final Logger LOG = LoggerFactory.getLogger(WeightBudget.class);
    private static final long WINDOW_MS = Duration.ofMinutes(1).toMillis();

    private record Spend(long atMs, int weight) {
    }

    private final String upstream;
    private volatile int limitPerMinute;
    private final Clock clock;
    private final Deque<Spend> window = new ArrayDeque<>();
    private int used;
    private long waits;
    private int serverUsed;
    private long serverUsedMinute = -1;
    private long blockedUntilMs;
    private boolean banned;
    private long pauses;
    private long bans;
    private int waiters;
    private long waitingUntilMs;
    private final Counter waitCounter;
    private final Counter rejectionCounter;
    private final Counter banCounter;

    public WeightBudget(String upstream, int limitPerMinute, Clock clock) {
        this.upstream = upstream;
        this.limitPerMinute = limitPerMinute;
        this.clock = clock;
        this.waitCounter = Counter.builder("hoard.ratelimit.waits")
                .description("requests that waited for the upstream's weight budget").tag("upstream", upstream)
                .register(Metrics.globalRegistry);
        // the newest budget of this upstream is the one in use (a restarted application makes a new one)
        Gauge previous = Metrics.globalRegistry
                .find("hoard.ratelimit.weight.used").tag("upstream", upstream).gauge();
        if (previous != null) {
            Metrics.globalRegistry.remove(previous);
        }
        Gauge.builder("hoard.ratelimit.weight.used", this, WeightBudget::usedLastMinute)
                .description("request weight spent in the last minute").tag("upstream", upstream)
                .register(Metrics.globalRegistry);
        this.rejectionCounter = RateLimitMeters.rejections(upstream);
        this.banCounter = RateLimitMeters.bans(upstream);
    }

    /** Waits until {@code weight} fits in the last minute's budget, then spends it. */
    public synchronized void acquire(int weight) throws InterruptedException {
        waiters++;
        try {
            acquireWaiting(weight);
        } finally {
            waiters--;
        }
    }

    /**
     * When a request of this process waiting for the budget (or held by a 429 pause or a 418 ban) may
     * go out; empty when none is waiting. Progress lines show it, so a backfill never goes silent.
     */
    public synchronized java.util.Optional<java.time.Instant> waitingUntil() {
        long until = Math.max(waitingUntilMs, blockedUntilMs);
        return waiters > 0 && until > clock.millis() ? java.util.Optional.of(java.time.Instant.ofEpochMilli(until))
                : java.util.Optional.empty();
    }

    private void acquireWaiting(int weight) throws InterruptedException {
        boolean logged = false;
        while (true) {
            long now = clock.millis();
            expire(now);
            int wanted = Math.min(weight, limitPerMinute);
            if (now < blockedUntilMs) {
                wait(Math.min(blockedUntilMs - now, 100));
                continue;
            }
            if (banned) {
                banned = false;
                LOG.warn("{} ban ended: requests resume", upstream);
            }
            int counted = counted(now);
            if (counted + wanted <= limitPerMinute) {
                spend(now, weight);
                waitingUntilMs = 0;
                return;
            }
            long waitMs = used + wanted > limitPerMinute && !window.isEmpty()
                    ? Math.max(1, window.peekFirst().atMs() + WINDOW_MS - now)
                    : Math.max(1, (now / WINDOW_MS + 1) * WINDOW_MS - now); // the server's count resets with its minute
            if (!logged) {
                waits++;
                waitCounter.increment();
                LOG.debug("{} weight budget full ({}/{} per minute): waiting {} ms", upstream, used, limitPerMinute, waitMs);
                logged = true;
            }
            waitingUntilMs = now + waitMs;
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

    /** The weight the upstream says this IP has used in the current minute (e.g. X-MBX-USED-WEIGHT-1M). */
    public synchronized void observeUsed(int serverCount) {
        long now = clock.millis();
        long minute = now / WINDOW_MS;
        if (minute != serverUsedMinute || serverCount > serverUsed) {
            serverUsed = minute == serverUsedMinute ? Math.max(serverUsed, serverCount) : serverCount;
            serverUsedMinute = minute;
        }
    }

    /** After a 429: no request of the process goes out for {@code retryAfter}. */
    public synchronized void pause(Duration retryAfter) {
        long until = clock.millis() + Math.max(0, retryAfter.toMillis());
        pauses++;
        rejectionCounter.increment();
        if (until > blockedUntilMs) {
            blockedUntilMs = until;
        }
        LOG.warn("{} answered 429 (rate limit): every {} request waits {} s (Retry-After)", upstream, upstream,
                retryAfter.toSeconds());
        notifyAll();
    }

    /** After a 418: the IP is banned; no request of the process goes out until {@code retryAfter} has passed. */
    public synchronized void ban(Duration retryAfter) {
        long until = clock.millis() + Math.max(0, retryAfter.toMillis());
        bans++;
        banCounter.increment();
        banned = true;
        if (until > blockedUntilMs) {
            blockedUntilMs = until;
        }
        LOG.warn("{} BANNED this IP (418) until {}: every {} request is stopped until then", upstream,
                java.time.Instant.ofEpochMilli(blockedUntilMs), upstream);
        notifyAll();
    }

    /** When requests may go out again, if a 429 pause or a 418 ban holds them now. */
    public synchronized java.util.Optional<java.time.Instant> blockedUntil() {
        return clock.millis() < blockedUntilMs ? java.util.Optional.of(java.time.Instant.ofEpochMilli(blockedUntilMs))
                : java.util.Optional.empty();
    }

    /** Sets the limit, e.g. from an upstream's own published rate limits. */
    public void limitPerMinute(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("weight limit must be positive: " + limit);
        }
        synchronized (this) {
            limitPerMinute = limit;
            notifyAll();
        }
    }

    public int limitPerMinute() {
        return limitPerMinute;
    }

    public synchronized long pauses() {
        return pauses;
    }

    public synchronized long bans() {
        return bans;
    }

    private int counted(long now) {
        return now / WINDOW_MS == serverUsedMinute ? Math.max(used, serverUsed) : used;
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
