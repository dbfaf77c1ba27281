package dev.hoard.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WeightBudgetTest {

    @Test
    void spendsUpToTheLimitThenWaitsForTheWindowToMove() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        WeightBudget budget = new WeightBudget("test", 100, clock);
        budget.acquire(60);
        budget.charge(20);
        budget.acquire(20);
        assertThat(budget.usedLastMinute()).isEqualTo(100);

        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                budget.acquire(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(blocked).as("over the limit within the minute").isNotDone();
        org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !blocked.isDone());

        clock.advance(Duration.ofMinutes(1));
        blocked.get(5, TimeUnit.SECONDS);
        assertThat(budget.usedLastMinute()).isEqualTo(20);
        assertThat(budget.waits()).isEqualTo(1);
    }

    @Test
    void theUpstreamsOwnCountAppliesWithinItsMinute() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
        WeightBudget budget = new WeightBudget("test", 100, clock);
        budget.acquire(10);
        budget.observeUsed(95); // another client on the same IP spent 85
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                budget.acquire(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !blocked.isDone());
        clock.set(Instant.parse("2026-01-01T00:01:00Z")); // the server's minute turned; ours still holds 10
        blocked.get(5, TimeUnit.SECONDS);
        assertThat(budget.usedLastMinute()).isEqualTo(20);
    }

    @Test
    void pausesAndBansHoldEveryRequestUntilTheyEnd() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        WeightBudget budget = new WeightBudget("test", 1000, clock);
        budget.ban(Duration.ofSeconds(120));
        assertThat(budget.blockedUntil()).contains(Instant.parse("2026-01-01T00:02:00Z"));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                budget.acquire(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        clock.advance(Duration.ofSeconds(119));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !blocked.isDone());
        budget.pause(Duration.ofMillis(500)); // a shorter pause does not shorten the ban
        assertThat(budget.blockedUntil()).contains(Instant.parse("2026-01-01T00:02:00Z"));
        clock.advance(Duration.ofSeconds(1));
        blocked.get(5, TimeUnit.SECONDS);
        assertThat(budget.bans()).isEqualTo(1);
        assertThat(budget.pauses()).isEqualTo(1);
        assertThat(budget.blockedUntil()).isEmpty();
    }
}
