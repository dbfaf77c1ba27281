package dev.hoard.backfill;

import dev.hoard.jobs.JobRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Progress of a long job as one line: percent, rows, rows/s and ETA, reported at most every
 * {@code every} (and at the end), to the CLI's stdout or to the log; and, once {@link #track tracked},
 * to the {@link JobRegistry} ({@code GET /jobs}, and {@code hoard_job_progress_ratio} on {@code /metrics})
 * at every advance. A job {@link #waitingOn waiting} for a rate limit says so every {@code every}
 * ({@code waiting for rate limit, 12 s}) instead of going silent.
 *
 * <p>A job thread that is interrupted (Ctrl-C on the command line) stops at its next advance, after the
 * page it reports has been committed: {@link #advance} then throws {@link CancellationException}.
 */
public final class Progress {

    private final String jobName;
    private final long totalUnits;
    private final Clock clock;
    private final Duration every;
    private final Consumer<String> out;
    private final long startedMs;
    private long doneUnits;
    private long rows;
    private long lastReportMs;
    private JobRegistry.Job job;
    private Supplier<Optional<Instant>> waitingUntil = Optional::empty;
    private ScheduledExecutorService ticker;

    public Progress(String job, long totalUnits, Clock clock, Duration every, Consumer<String> out) {
        this.jobName = job;
        this.totalUnits = Math.max(1, totalUnits);
        this.clock = clock;
        this.every = every;
        this.out = out;
        this.startedMs = clock.millis();
        this.lastReportMs = startedMs;
    }

    /** Reports this job into {@code jobs} (when there is one), until it ends. */
    public synchronized Progress track(JobRegistry jobs) {
        if (jobs != null && this.job == null) {
            this.job = jobs.start(jobName);
        }
        return this;
    }

    /**
     * Reports, between advances, when the job's requests wait for a rate limit ({@link WeightBudget#waitingUntil}):
     * a line every {@code every} while they do.
     */
    public synchronized Progress waitingOn(Supplier<Optional<Instant>> until) {
        this.waitingUntil = until;
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, jobName + " progress");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, every.toMillis());
            ticker.scheduleAtFixedRate(this::reportWaiting, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private synchronized void reportWaiting() {
        long now = clock.millis();
        if (waitingUntil.get().isPresent() && now - lastReportMs >= every.toMillis()) {
            lastReportMs = now;
            out.accept(line(now));
        }
    }

    /** Ends a tracked job as failed. */
    public synchronized void fail(Throwable failure) {
        stopTicker();
        if (job != null) {
            job.failed(dev.hoard.pipeline.PipelineRunLog.oneLine(failure));
        }
    }

    /**
     * Records {@code units} of the total done and {@code newRows} rows written; then, if the job's thread
     * has been interrupted, stops the job.
     */
    public synchronized void advance(long units, long newRows) {
        doneUnits = Math.min(totalUnits, doneUnits + units);
        rows += newRows;
        long now = clock.millis();
        publish(now);
        if (now - lastReportMs >= every.toMillis()) {
            lastReportMs = now;
            out.accept(line(now));
        }
        if (Thread.currentThread().isInterrupted()) {
            stopTicker();
            throw new CancellationException(jobName + " stopped at " + line(now));
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    public synchronized void finish() {
        stopTicker();
        doneUnits = totalUnits;
        long now = clock.millis();
        publish(now);
        out.accept(line(now));
        if (job != null) {
            job.succeeded();
        }
    }

    private void publish(long now) {
        double seconds = Math.max(0.001, (now - startedMs) / 1000.0);
        double fraction = (double) doneUnits / totalUnits;
        if (job != null) {
            job.update(100 * fraction, rows, rows / seconds, fraction <= 0 ? -1 : Math.round(seconds / fraction - seconds));
        }
    }

    public synchronized long rows() {
        return rows;
    }

    synchronized String line(long now) {
        double seconds = Math.max(0.001, (now - startedMs) / 1000.0);
        double fraction = (double) doneUnits / totalUnits;
        long etaSeconds = fraction <= 0 ? -1 : Math.round(seconds / fraction - seconds);
        String waiting = waitingUntil.get()
                .map(until -> "  waiting for rate limit, " + Math.max(1, (until.toEpochMilli() - now + 999) / 1000) + " s")
                .orElse("");
        return String.format("%s: %5.1f%%  rows=%,d  %,.0f rows/s  eta=%s%s", jobName, 100 * fraction, rows,
                rows / seconds, etaSeconds < 0 ? "?" : formatSeconds(etaSeconds), waiting);
    }

    private static String formatSeconds(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
