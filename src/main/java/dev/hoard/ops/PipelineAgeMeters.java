package dev.hoard.ops;

import dev.hoard.pipeline.PipelineRunLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hoard_pipeline_last_success_age_seconds{pipeline}}: seconds since each pipeline last succeeded: the
 * runs in {@code pipeline_runs} (funding snapshot, TWAP ETL) and the live metric pulls in {@code pulls}
 * ({@code <source>-pull}: the newest unit that succeeded or had no data). And
 * {@code hoard_pipeline_max_age_seconds{pipeline}}: the age past which a pipeline that is expected to run is
 * stale (the same rule {@code /health} applies), so that an alert needs no thresholds of its own.
 */
final class PipelineAgeMeters implements DatabaseMetrics.Source {

    private static final String NEWEST_PULL = """
            SELECT finished_at FROM pulls WHERE source = ? AND mode = 'live' AND status <> 'error'
             ORDER BY started_at DESC LIMIT 1""";

    private final PipelineRunLog runs;
    private final Clock clock;
    private final List<String> pullSources;
    private final MultiGauge ages;
    private final MultiGauge maxAges;
    private List<MultiGauge.Row<?>> rows = List.of();
    private final List<MultiGauge.Row<?>> maxRows = new ArrayList<>();

    /**
     * @param maxAges     per pipeline expected to run, its max age
     * @param pullSources the metric sources whose live pulls count as pipeline {@code <source>-pull}
     */
    PipelineAgeMeters(MeterRegistry meters, PipelineRunLog runs, Clock clock, Map<String, Duration> maxAges,
                      List<String> pullSources) {
        this.runs = runs;
        this.clock = clock;
        this.pullSources = List.copyOf(pullSources);
        this.ages = MultiGauge.builder("hoard.pipeline.last.success.age").baseUnit("seconds")
                .description("seconds since the pipeline's newest successful run").register(meters);
        this.maxAges = MultiGauge.builder("hoard.pipeline.max.age").baseUnit("seconds")
                .description("age of its last success past which an expected pipeline is stale").register(meters);
        maxAges.forEach((pipeline, age) -> {
            double seconds = age.toSeconds();
            maxRows.add(MultiGauge.Row.of(Tags.of("pipeline", pipeline), () -> seconds));
        });
        this.maxAges.register(maxRows, true);
    }

    static String pullPipeline(String source) {
        return source + "-pull";
    }

    @Override
    public void refresh(Connection connection) throws SQLException {
        Map<String, Instant> successes = new LinkedHashMap<>(runs.lastSuccesses(connection));
        try (PreparedStatement select = connection.prepareStatement(NEWEST_PULL)) {
            for (String source : pullSources) {
                select.setString(1, source);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        successes.put(pullPipeline(source), rs.getTimestamp(1).toInstant());
                    }
                }
            }
        }
        List<MultiGauge.Row<?>> fresh = new ArrayList<>();
        successes.forEach((pipeline, at) -> {
            long atMs = at.toEpochMilli();
            fresh.add(MultiGauge.Row.of(Tags.of("pipeline", pipeline), () -> Math.max(0, clock.millis() - atMs) / 1000.0));
        });
        rows = fresh;
        ages.register(fresh, true);
    }

    @Override
    public void remove() {
        rows = List.of();
        ages.register(List.of(), true);
        maxAges.register(List.of(), true);
    }
}
