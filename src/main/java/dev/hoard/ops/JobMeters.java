package dev.hoard.ops;

import dev.hoard.jobs.JobRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs of every process, from the {@code jobs} table ({@link JobRegistry}): {@code hoard_jobs_running},
 * and {@code hoard_job_progress_ratio{id,name}} (0 to 1) of each running one, a CLI backfill in another
 * process included. (Not labelled {@code job}: Prometheus gives that label to the scrape job.)
 */
final class JobMeters implements DatabaseMetrics.Source {

    private final MeterRegistry meters;
    private final AtomicInteger running = new AtomicInteger();
    private final Gauge runningGauge;
    private final MultiGauge progress;
    private List<MultiGauge.Row<?>> rows = List.of();

    JobMeters(MeterRegistry meters) {
        this.meters = meters;
        this.runningGauge = Gauge.builder("hoard.jobs.running", running, AtomicInteger::get)
                .description("long jobs (backfills, exports, ETL runs) running in any process").register(meters);
        this.progress = MultiGauge.builder("hoard.job.progress").baseUnit("ratio")
                .description("fraction done of a running long job").register(meters);
    }

    @Override
    public void refresh(Connection connection) throws SQLException {
        List<JobRegistry.RunningJob> jobs = JobRegistry.running(connection);
        List<MultiGauge.Row<?>> fresh = new ArrayList<>();
        for (JobRegistry.RunningJob job : jobs) {
            double ratio = job.percent() / 100;
            fresh.add(MultiGauge.Row.of(Tags.of("id", String.valueOf(job.id()), "name", job.name()), () -> ratio));
        }
        rows = fresh;
        progress.register(fresh, true);
        running.set(jobs.size());
    }

    @Override
    public void remove() {
        rows = List.of();
        progress.register(List.of(), true);
        meters.remove(runningGauge);
    }
}
