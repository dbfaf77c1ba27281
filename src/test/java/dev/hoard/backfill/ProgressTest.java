package dev.hoard.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void aJobWaitingForTheWeightBudgetSaysSoOnItsProgressLine() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        WeightBudget budget = new WeightBudget("test", 100, clock);
        List<String> lines = new CopyOnWriteArrayList<>();
        Progress progress = new Progress("backfill test", 10, clock, Duration.ofMillis(50), lines::add)
                .waitingOn(budget::waitingUntil);
        budget.acquire(100);
        progress.advance(1, 500);
        clock.advance(Duration.ofSeconds(48));

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                budget.acquire(10); // the window frees its weight at 00:01:00, 12 s from now
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> lines.stream().anyMatch(l -> l.endsWith("waiting for rate limit, 12 s")));
        assertThat(lines).last().asString().startsWith("backfill test:  10.0%  rows=500");

        clock.advance(Duration.ofSeconds(12));
        waiting.get();
        assertThat(budget.waitingUntil()).isEmpty();
        progress.finish();
        assertThat(lines).last().asString().doesNotContain("waiting");
    }

    @Test
    void anInterruptedJobStopsAtItsNextAdvanceWithThatPageCounted() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Progress progress = new Progress("backfill test", 10, java.time.Clock.systemUTC(), Duration.ofHours(1), lines::add);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> progress.advance(1, 499)).isInstanceOf(CancellationException.class)
                    .hasMessageContaining("backfill test stopped");
        } finally {
            Thread.interrupted();
        }
        assertThat(progress.rows()).isEqualTo(499);
    }
}
