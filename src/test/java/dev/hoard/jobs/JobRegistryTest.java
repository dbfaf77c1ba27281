package dev.hoard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.MutableClock;
import dev.hoard.backfill.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRegistryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T10:00:00Z"));
    private final JobRegistry jobs = new JobRegistry(clock, 2);

    @Test
    void aTrackedProgressReportsPercentRowsRateAndEtaThenItsOutcome() {
        List<String> lines = new ArrayList<>();
        Progress progress = new Progress("backfill hyperliquid", 100, clock, Duration.ofSeconds(2), lines::add).track(jobs);
        clock.set(Instant.parse("2026-03-04T10:00:10Z"));
        progress.advance(25, 5_000);

        Map<String, Object> job = jobs.list().get(0);
        assertThat(job).containsEntry("name", "backfill hyperliquid").containsEntry("state", "running")
                .containsEntry("percent", 25.0).containsEntry("rows", 5_000L).containsEntry("rows_per_second", 500L)
                .containsEntry("eta_seconds", 30L);
        assertThat(lines).singleElement().asString().contains("25.0%", "rows=5,000", "500 rows/s", "eta=30s");

        progress.finish();
        assertThat(jobs.list().get(0)).containsEntry("state", "succeeded").containsEntry("percent", 100.0)
                .containsEntry("finished_at", "2026-03-04T10:00:10Z");
        assertThat(jobs.handle()).containsEntry("running", 0L);
    }

    @Test
    void aFailedJobKeepsItsReasonAndOnlyTheNewestFinishedJobsAreKept() {
        new Progress("export a", 1, clock, Duration.ofSeconds(1), l -> { }).track(jobs).finish();
        new Progress("export b", 1, clock, Duration.ofSeconds(1), l -> { }).track(jobs).finish();
        Progress running = new Progress("export c", 10, clock, Duration.ofSeconds(1), l -> { }).track(jobs);
        new Progress("export d", 1, clock, Duration.ofSeconds(1), l -> { }).track(jobs)
                .fail(new IllegalStateException("database went away"));

        List<Map<String, Object>> list = jobs.list();
        assertThat(list).extracting(j -> j.get("name")).containsExactly("export d", "export c", "export b");
        assertThat(list.get(0)).containsEntry("state", "failed").containsEntry("error", "database went away");
        assertThat(list.get(1)).containsEntry("state", "running");
        running.finish();
    }
}
