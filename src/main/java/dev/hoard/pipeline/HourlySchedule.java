package dev.hoard.pipeline;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Exchange;

/**
 * Decides when an hourly pipeline runs: whenever the current UTC hour has no successful run yet.
 * A timer asks every minute or so, which takes the snapshot at start-up and again just after each
 * hour turns, and retries a failed hour at the next tick.
 */
public final class HourlySchedule {

    private final PipelineRunLog runs;
    private final Clock clock;

    public HourlySchedule(PipelineRunLog runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    public Instant currentHour() {
        return clock.instant().truncatedTo(ChronoUnit.HOURS);
    }

    public boolean isDue(String pipeline) throws SQLException {
        Instant hour = currentHour();
        return runs.lastSuccessfulPeriod(pipeline).map(last -> last.isBefore(hour)).orElse(true);
    }

    /** Starts a run of {@code pipeline} for the current hour. */
    public void begin(Exchange exchange, String pipeline) {
        runs.begin(exchange, pipeline, currentHour());
    }
}
