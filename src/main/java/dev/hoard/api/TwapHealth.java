package dev.hoard.api;

import dev.hoard.api.ApiResponses.ApiResult;
import dev.hoard.pipeline.PipelineRunLog;
import dev.hoard.upstream.twap.S3IngestLog;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code GET /healthz}, the TWAP service's health as its seed reported it: {@code status},
 * {@code database}, and the newest object ingested without error with its time (local files
 * included). 200 while the database answers, 503 when it does not.
 */
public final class TwapHealth {

    private final DatabaseProbe database;

    public TwapHealth(DataSource dataSource) {
        this.database = new DatabaseProbe(dataSource);
    }

    public ApiResult handle() {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<S3IngestLog.Latest> latest;
        try {
            latest = database.read(S3IngestLog::latest);
        } catch (SQLException e) {
            body.put("status", "error");
            body.put("database", "unreachable: " + PipelineRunLog.oneLine(e));
            body.put("last_ingested_object", null);
            body.put("last_ingested_at", null);
            return new ApiResult(503, body);
        }
        body.put("status", "ok");
        body.put("database", "ok");
        body.put("last_ingested_object", latest.map(S3IngestLog.Latest::object).orElse(null));
        body.put("last_ingested_at", latest.map(l -> l.ingestedAt().toString()).orElse(null));
        return new ApiResult(200, body);
    }
}
