package dev.hoard.api;

import dev.hoard.api.ApiResponses.ApiResult;
import dev.hoard.pipeline.PipelineRunLog;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code GET /health}: the database, and per expected pipeline its last success and age. 200 when
 * the database answers, every pipeline has succeeded within its allowed age and no Camel health check
 * (routes, database, stream freshness) is DOWN; 503 otherwise. {@code checks} names each check's state.
 * An unreachable database is reported within {@link DatabaseProbe#WAIT}, not after the pool's timeout.
 */
public final class HealthQuery {

    private final DatabaseProbe database;
    private final PipelineRunLog runs;
    private final Clock clock;
    private final Map<String, Duration> expectedPipelines = new LinkedHashMap<>();

    public HealthQuery(DataSource dataSource, PipelineRunLog runs, Clock clock) {
        this.database = new DatabaseProbe(dataSource);
        this.runs = runs;
        this.clock = clock;
    }

    /** A pipeline /health checks: it must have succeeded within {@code maxAge}. */
    public HealthQuery expect(String pipeline, Duration maxAge) {
        expectedPipelines.put(pipeline, maxAge);
        return this;
    }

    /** The pipelines expected to run, with their max ages (also exported as {@code hoard_pipeline_max_age_seconds}). */
    public Map<String, Duration> expectedPipelines() {
        return Map.copyOf(expectedPipelines);
    }

    private dev.hoard.ops.HealthChecks checks;

    /** Folds Camel's health checks (routes, database, stream freshness) into the answer. */
    public HealthQuery withChecks(dev.hoard.ops.HealthChecks checks) {
        this.checks = checks;
        return this;
    }

    public ApiResult handle() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        Map<String, Object> pipelines = new LinkedHashMap<>();
        boolean healthy = true;
        Map<String, Instant> lastSuccesses;
        try {
            lastSuccesses = database.read(runs::lastSuccesses);
            body.put("database", Map.of("status", "up"));
        } catch (SQLException e) {
            body.put("database", Map.of("status", "down", "error", PipelineRunLog.oneLine(e)));
            body.put("status", "down");
            return new ApiResult(503, body);
        }
        Instant now = clock.instant();
        for (Map.Entry<String, Duration> expected : expectedPipelines.entrySet()) {
            Instant last = lastSuccesses.get(expected.getKey());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("last_success", last == null ? null : last.toString());
            state.put("age_seconds", last == null ? null : Duration.between(last, now).toSeconds());
            state.put("max_age_seconds", expected.getValue().toSeconds());
            String status = last == null ? "never" : Duration.between(last, now).compareTo(expected.getValue()) > 0
                    ? "stale" : "ok";
            state.put("status", status);
            healthy &= status.equals("ok");
            pipelines.put(expected.getKey(), state);
        }
        if (checks != null) {
            var results = checks.results();
            body.put("checks", checks.summary(results));
            healthy &= dev.hoard.ops.HealthChecks.allUp(results);
        }
        body.put("status", healthy ? "up" : "degraded");
        body.put("pipelines", pipelines);
        return new ApiResult(healthy ? 200 : 503, body);
    }
}
