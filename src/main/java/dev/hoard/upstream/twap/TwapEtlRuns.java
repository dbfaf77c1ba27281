package dev.hoard.upstream.twap;

import dev.hoard.pipeline.PipelineRunLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import dev.hoard.backfill.Progress;
import dev.hoard.jobs.JobRegistry;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and finishes TWAP ETL runs: at the end, one log line and one {@code pipeline_runs} row. A
 * run in which any object failed ends in a {@link TwapEtlException} naming the failed objects (the
 * CLI's exit code and stderr); every other object is stored all the same.
 */
public final class TwapEtlRuns {

    private static final Logger LOG = LoggerFactory.getLogger(TwapEtlRuns.class);

    private final DataSource dataSource;
    private final PipelineRunLog runs;
    private final Clock clock;
    private final JobRegistry jobs;

    public TwapEtlRuns(DataSource dataSource, PipelineRunLog runs, Clock clock, JobRegistry jobs) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.clock = clock;
        this.jobs = jobs;
    }

    /** Starts a run, reported as a job ({@code GET /jobs}) that fails with the exchange if it fails. */
    public void begin(Exchange exchange) {
        runs.begin(exchange, TwapEtlRun.PIPELINE, clock.instant());
        Progress progress = new Progress("etl-twap", 1, clock, Duration.ofSeconds(10), LOG::info).track(jobs);
        exchange.setProperty(TwapEtlRun.PROPERTY, new TwapEtlRun(progress));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                progress.fail(failed.getException() != null ? failed.getException()
                        : new IllegalStateException("the run failed"));
            }
        });
    }

    /** Records the run; throws when any object failed. */
    public void finish(Exchange exchange) throws SQLException {
        TwapEtlRun run = exchange.getProperty(TwapEtlRun.PROPERTY, TwapEtlRun.class);
        List<String> failed = run.failures();
        if (!failed.isEmpty()) {
            TwapEtlException failure = new TwapEtlException(failed.size() + " of " + run.objects() + " objects failed: "
                    + String.join(", ", failed));
            if (run.progress() != null) {
                run.progress().fail(failure);
            }
            throw failure;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            runs.succeeded(connection, exchange, (int) Math.min(Integer.MAX_VALUE, run.inserted()),
                    "objects=" + run.objects() + " rows=" + run.rows() + " new_rows=" + run.inserted()
                            + " dead_lettered=" + run.rejected());
            connection.commit();
        }
        runs.logSuccess(exchange);
        if (run.progress() != null) {
            run.progress().finish();
        }
    }
}
