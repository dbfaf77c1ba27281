package dev.hoard.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the outcomes of a pull's units as the splitter hands them back. A unit that failed (its
 * retries exhausted, or its payload dead-lettered) is recorded in the pulls log here and does not
 * stop or undo the others; {@link #finish} logs the pull's line and leaves a {@link PullSummary}.
 */
public final class MetricPullOutcomes implements AggregationStrategy {

    public static final String SOURCE = "hoardPullSource";
    public static final String MODE = "hoardPullModeUsed";
    public static final String STARTED = "hoardPullStarted";
    public static final String UNIT = "hoardPullUnit";
    public static final String UNIT_STARTED = "hoardPullUnitStarted";
    public static final String STATUS = "hoardPullUnitStatus";
    public static final String RECORDS = "hoardPullUnitRecords";

    private static final Logger LOG = LoggerFactory.getLogger("dev.hoard.pulls");

    private final PullLog pulls;

    public MetricPullOutcomes(DataSource dataSource, Clock clock) {
        this.pulls = new PullLog(dataSource, clock);
    }

    /** A pull's outcome: units by status, records written, and one line per failed unit. */
    public record PullSummary(int units, int succeeded, int noData, long records, List<String> errors) {

        public PullSummary {
            errors = List.copyOf(errors);
        }

        PullSummary add(String status, long unitRecords, String error) {
            List<String> allErrors = new ArrayList<>(errors);
            if (error != null) {
                allErrors.add(error);
            }
            return new PullSummary(units + 1, succeeded + (status.equals("success") ? 1 : 0),
                    noData + (status.equals("no_data") ? 1 : 0), records + unitRecords, allErrors);
        }
    }

    /** Starts one unit in the fetch route: remembers it and its start across the body changes to come. */
    public void begin(Exchange exchange, PullUnit unit) {
        exchange.setProperty(UNIT, unit);
        exchange.setProperty(UNIT_STARTED, pulls.now());
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        PullSummary summary = oldExchange == null
                ? new PullSummary(0, 0, 0, 0, List.of())
                : oldExchange.getMessage().getBody(PullSummary.class);
        // only the exception still set counts: one caught earlier and then retried successfully does not
        Throwable failure = newExchange.getException();
        PullUnit unit = newExchange.getProperty(UNIT, PullUnit.class);
        if (failure != null) {
            String reason = PipelineRunLog.oneLine(failure);
            if (unit != null) {
                pulls.failed(unit, newExchange.getProperty(UNIT_STARTED, Instant.class), reason);
            }
            summary = summary.add("error", 0, (unit == null ? "" : unit.entry().asset() + " "
                    + unit.entry().metric() + ": ") + reason);
            newExchange.setException(null);
            newExchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        } else {
            summary = summary.add(newExchange.getProperty(STATUS, "success", String.class),
                    newExchange.getProperty(RECORDS, 0L, Long.class), null);
        }
        newExchange.getMessage().setBody(summary);
        return newExchange;
    }

    /** Logs the pull's one line and leaves its summary as the body. */
    public PullSummary finish(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        PullSummary summary = body instanceof PullSummary s ? s : new PullSummary(0, 0, 0, 0, List.of());
        Instant started = exchange.getProperty(STARTED, Instant.class);
        long millis = started == null ? 0 : Duration.between(started, pulls.now()).toMillis();
        String line = "{} pull mode={} units={} success={} no_data={} error={} records={} duration={}ms";
        Object[] args = {exchange.getProperty(SOURCE), ((PullMode) exchange.getProperty(MODE)).label(), summary.units(),
            summary.succeeded(), summary.noData(), summary.errors().size(), summary.records(), millis};
        if (summary.errors().isEmpty()) {
            LOG.info(line, args);
        } else {
            LOG.warn(line, args);
        }
        return summary;
    }
}
