package dev.hoard.upstream.twap;

import dev.hoard.pipeline.PipelineRunLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Starts and finishes TWAP ETL runs: at the end, one log line and one {@code pipeline_runs} row. A
 * run in which any object failed ends in a {@link TwapEtlException} naming the failed objects (the
 * CLI's exit code and stderr); every other object is stored all the same.
 */
public final class TwapEtlRuns {

    private final DataSource dataSource;
    private final PipelineRunLog runs;
    private final Clock clock;

    public TwapEtlRuns(DataSource dataSource, PipelineRunLog runs, Clock clock) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        runs.begin(exchange, TwapEtlRun.PIPELINE, clock.instant());
        exchange.setProperty(TwapEtlRun.PROPERTY, new TwapEtlRun());
    }

    /** Records the run; throws when any object failed. */
    public void finish(Exchange exchange) throws SQLException {
        TwapEtlRun run = exchange.getProperty(TwapEtlRun.PROPERTY, TwapEtlRun.class);
        List<String> failed = run.failures();
        if (!failed.isEmpty()) {
            throw new TwapEtlException(failed.size() + " of " + run.objects() + " objects failed: "
                    + String.join(", ", failed));
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            runs.succeeded(connection, exchange, (int) Math.min(Integer.MAX_VALUE, run.inserted()),
                    "objects=" + run.objects() + " rows=" + run.rows() + " new_rows=" + run.inserted()
                            + " dead_lettered=" + run.rejected());
            connection.commit();
        }
        runs.logSuccess(exchange);
    }
}
