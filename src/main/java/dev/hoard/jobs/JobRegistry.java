package dev.hoard.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The long jobs of this process (backfills, exports, ETL runs), as {@code GET /jobs} lists them: the
 * running ones and the last {@code keepFinished} finished ones. In memory only; jobs report into it
 * through {@link dev.hoard.backfill.Progress}.
 */
public final class JobRegistry {

    private final Clock clock;
    private final int keepFinished;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new LinkedHashMap<>();

    public JobRegistry(Clock clock, int keepFinished) {
        this.clock = clock;
        this.keepFinished = keepFinished;
    }

    public synchronized Job start(String name) {
        Job job = new Job(ids.incrementAndGet(), name, clock.instant());
        jobs.put(job.id, job);
        return job;
    }

    /** Newest first. */
    public synchronized List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        jobs.values().forEach(job -> out.add(0, job.view()));
        return out;
    }

    public Map<String, Object> handle() {
        List<Map<String, Object>> list = list();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("running", list.stream().filter(j -> "running".equals(j.get("state"))).count());
        body.put("jobs", list);
        return body;
    }

    private synchronized void finished() {
        List<Long> done = jobs.values().stream().filter(j -> !j.state.equals("running")).map(j -> j.id).toList();
        for (int i = 0; i < done.size() - keepFinished; i++) {
            jobs.remove(done.get(i));
        }
    }

    /** One job's state; updated by its {@link dev.hoard.backfill.Progress}. */
    public final class Job {
        private final long id;
        private final String name;
        private final Instant startedAt;
        private volatile String state = "running";
        private volatile double percent;
        private volatile long rows;
        private volatile double rowsPerSecond;
        private volatile Long etaSeconds;
        private volatile Instant finishedAt;
        private volatile String error;

        private Job(long id, String name, Instant startedAt) {
            this.id = id;
            this.name = name;
            this.startedAt = startedAt;
        }

        public void update(double percent, long rows, double rowsPerSecond, long etaSeconds) {
            this.percent = percent;
            this.rows = rows;
            this.rowsPerSecond = rowsPerSecond;
            this.etaSeconds = etaSeconds < 0 ? null : etaSeconds;
        }

        public void succeeded() {
            end("succeeded", null);
        }

        public void failed(String reason) {
            end("failed", reason);
        }

        private void end(String outcome, String reason) {
            if (state.equals("running")) {
                state = outcome;
                error = reason;
                finishedAt = clock.instant();
                etaSeconds = outcome.equals("succeeded") ? 0L : null;
                finished();
            }
        }

        public String state() {
            return state;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("name", name);
            view.put("state", state);
            view.put("percent", Math.round(percent * 10) / 10.0);
            view.put("rows", rows);
            view.put("rows_per_second", Math.round(rowsPerSecond));
            view.put("eta_seconds", etaSeconds);
            view.put("started_at", startedAt.toString());
            view.put("finished_at", finishedAt == null ? null : finishedAt.toString());
            view.put("error", error);
            return view;
        }
    }
}
