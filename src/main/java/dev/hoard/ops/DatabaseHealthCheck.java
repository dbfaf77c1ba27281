package dev.hoard.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Camel health check {@code hoard/database}: UP when a pooled connection answers within two seconds. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("hoard", "database");
        this.dataSource = dataSource;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                builder.up();
            } else {
                builder.message("connection not valid").down();
            }
        } catch (SQLException e) {
            builder.message("database unreachable: " + dev.hoard.pipeline.PipelineRunLog.oneLine(e)).down();
        }
    }
}
