package dev.hoard.jobs;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long jobs (backfills, exports, ETL runs), as {@code GET /jobs} lists them: the running ones and
 * the last {@code keepFinished} finished ones. Jobs report into it through
 * {@link dev.hoard.backfill.Progress}.
 *
 * <p>With a database, every process keeps its jobs in the {@code jobs} table: a job's row is written
 * when it starts and ends, and its progress every {@link #HEARTBEAT} while it runs. So the service's
 * {@code /jobs} and {@code /metrics} show a CLI backfill running in another process too; a running
 * row whose heartbeat stopped for {@link #LOST_AFTER} (its process died) is listed as {@code lost}.
 * Without one (or while the database is unreachable) it lists this process's jobs from memory.
 */
public final class JobRegistry implements Service {

    /** How often a process writes the progress of its running jobs. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A running job whose process has not written for this long is lost. */
    public static final Duration LOST_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);
    private static final String PROCESS = ProcessHandle.current().pid() + "@" + hostName();
    private static final String STATE = "CASE WHEN state = 'running' AND heartbeat_at < now() - make_interval(secs => "
            + LOST_AFTER.toSeconds() + ") THEN 'lost' ELSE state END";
    private static final String LIST = "SELECT id, name, " + STATE + ", percent, rows, rows_per_second, eta_seconds,"
            + " started_at, finished_at, error, process, heartbeat_at FROM jobs WHERE state = 'running' OR id IN"
            + " (SELECT id FROM jobs WHERE state <> 'running' ORDER BY id DESC LIMIT ?) ORDER BY id DESC";

    private final DataSource dataSource;
    private final Clock clock;
    private final int keepFinished;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new LinkedHashMap<>();
    private ScheduledExecutorService heartbeat;

    /** Jobs of this process only, in memory. */
    public JobRegistry(Clock clock, int keepFinished) {
        this(null, clock, keepFinished);
    }

    /** Jobs of every process on {@code dataSource}. */
    public JobRegistry(DataSource dataSource, Clock clock, int keepFinished) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.keepFinished = keepFinished;
    }

    public synchronized Job start(String name) {
        Instant now = clock.instant();
        Long stored = insert(name, now);
        Job job = new Job(stored != null ? stored : ids.incrementAndGet(), stored != null, name, now);
        jobs.put(job.id, job);
        if (stored != null && heartbeat == null) {
            heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "hoard-jobs-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return job;
    }

    /** Newest first: every process's jobs from the database when there is one, else this process's. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> own = ownViews();
        if (dataSource == null) {
            return own;
        }
        Map<Object, Map<String, Object>> fresh = new LinkedHashMap<>();
        own.forEach(view -> fresh.put(view.get("id"), view));
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            select.setInt(1, keepFinished);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    Map<String, Object> mine = fresh.remove(id);
                    out.add(mine != null && PROCESS.equals(rs.getString(11)) ? mine : stored(rs));
                }
            }
        } catch (SQLException e) {
            LOG.warn("Jobs of other processes unavailable ({}); listing this process's", e.getMessage());
            own.forEach(view -> view.remove("stored"));
            return own;
        }
        fresh.values().stream().filter(view -> !((boolean) view.get("stored"))).forEach(out::add);
        out.forEach(view -> view.remove("stored"));
        return out;
    }

    public Map<String, Object> handle() {
        List<Map<String, Object>> list = list();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("running", list.stream().filter(j -> "running".equals(j.get("state"))).count());
        body.put("jobs", list);
        return body;
    }

    /** A running job of some process, as {@code /metrics} reports it. */
    public record RunningJob(long id, String name, double percent) {
    }

    /** The running jobs of every process (not the lost ones), read with {@code connection}. */
    public static List<RunningJob> running(Connection connection) throws SQLException {
        List<RunningJob> running = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name, percent FROM jobs WHERE "
                + STATE + " = 'running' ORDER BY id");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                running.add(new RunningJob(rs.getLong(1), rs.getString(2), rs.getDouble(3)));
            }
        }
        return running;
    }

    @Override
    public void start() {
        // jobs start the heartbeat when the first one starts
    }

    /** Stops the heartbeat; a job of this process still running then ends as failed: its process is stopping. */
    @Override
    public void stop() {
        List<Job> running;
        synchronized (this) {
            if (heartbeat != null) {
                heartbeat.shutdownNow();
                heartbeat = null;
            }
            running = jobs.values().stream().filter(j -> j.state.equals("running")).toList();
        }
        running.forEach(job -> job.failed("stopped: the process ended before the job finished"));
    }

    private synchronized List<Map<String, Object>> ownViews() {
        List<Map<String, Object>> out = new ArrayList<>();
        jobs.values().forEach(job -> out.add(0, job.view()));
        if (dataSource == null) {
            out.forEach(view -> view.remove("stored"));
        }
        return out;
    }

    private synchronized void finished() {
        List<Long> done = jobs.values().stream().filter(j -> !j.state.equals("running")).map(j -> j.id).toList();
        for (int i = 0; i < done.size() - keepFinished; i++) {
            jobs.remove(done.get(i));
        }
    }

    private Long insert(String name, Instant startedAt) {
        if (dataSource == null) {
            return null;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO jobs (name, process, state, started_at) VALUES (?, ?, 'running', ?) RETURNING id")) {
            insert.setString(1, name);
            insert.setString(2, PROCESS);
            insert.setTimestamp(3, Timestamp.from(startedAt));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            LOG.warn("Job {} is not visible to other processes (database: {})", name, e.getMessage());
            return null;
        }
    }

    /** Writes the progress of this process's running jobs. */
    private void beat() {
        List<Job> running;
        synchronized (this) {
            running = jobs.values().stream().filter(j -> j.stored && j.state.equals("running")).toList();
        }
        if (running.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            for (Job job : running) {
                job.write(connection);
            }
        } catch (SQLException e) {
            LOG.debug("Job heartbeat not written: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Job heartbeat failed", e);
        }
    }

    private void prune(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM jobs WHERE " + STATE
                + " <> 'running' AND id NOT IN (SELECT id FROM jobs WHERE state <> 'running' ORDER BY id DESC LIMIT ?)")) {
            delete.setInt(1, keepFinished);
            delete.executeUpdate();
        }
    }

    private static Map<String, Object> stored(ResultSet rs) throws SQLException {
        String state = rs.getString(3);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rs.getLong(1));
        view.put("name", rs.getString(2));
        view.put("state", state);
        view.put("percent", Math.round(rs.getDouble(4) * 10) / 10.0);
        view.put("rows", rs.getLong(5));
        view.put("rows_per_second", Math.round(rs.getDouble(6)));
        long eta = rs.getLong(7);
        view.put("eta_seconds", rs.wasNull() || state.equals("lost") ? null : eta);
        view.put("started_at", rs.getTimestamp(8).toInstant().toString());
        Timestamp finished = rs.getTimestamp(9);
        view.put("finished_at", finished == null ? null : finished.toInstant().toString());
        view.put("error", state.equals("lost") ? "no heartbeat from process " + rs.getString(11) + " since "
                + rs.getTimestamp(12).toInstant() : rs.getString(10));
        view.put("process", rs.getString(11));
        return view;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
        }
        return host;
    }

    /** One job's state; updated by its {@link dev.hoard.backfill.Progress}. */
    public final class Job {
        private final long id;
        private final boolean stored;
        private final String name;
        private final Instant startedAt;
        private volatile String state = "running";
        private volatile double percent;
        private volatile long rows;
        private volatile double rowsPerSecond;
        private volatile Long etaSeconds;
        private volatile Instant finishedAt;
        private volatile String error;

        private Job(long id, boolean stored, String name, Instant startedAt) {
            this.id = id;
            this.stored = stored;
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
            synchronized (this) {
                if (!state.equals("running")) {
                    return;
                }
                state = outcome;
                error = reason;
                finishedAt = clock.instant();
                etaSeconds = outcome.equals("succeeded") ? 0L : null;
            }
            if (stored) {
                try (Connection connection = dataSource.getConnection()) {
                    write(connection);
                    prune(connection);
                } catch (SQLException e) {
                    LOG.warn("Job {} {}: outcome not stored ({})", name, outcome, e.getMessage());
                }
            }
            finished();
        }

        public String state() {
            return state;
        }

        private synchronized void write(Connection connection) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET state = ?, percent = ?,"
                    + " rows = ?, rows_per_second = ?, eta_seconds = ?, error = ?, finished_at = ?, heartbeat_at = now()"
                    + " WHERE id = ?")) {
                update.setString(1, state);
                update.setDouble(2, percent);
                update.setLong(3, rows);
                update.setDouble(4, rowsPerSecond);
                if (etaSeconds == null) {
                    update.setNull(5, Types.BIGINT);
                } else {
                    update.setLong(5, etaSeconds);
                }
                update.setString(6, error);
                update.setTimestamp(7, finishedAt == null ? null : Timestamp.from(finishedAt));
                update.setLong(8, id);
                update.executeUpdate();
            }
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
            view.put("process", PROCESS);
            view.put("stored", stored);
            return view;
        }
    }
}
