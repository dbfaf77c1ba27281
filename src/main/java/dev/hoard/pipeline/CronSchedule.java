package dev.hoard.pipeline;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * When a metric source pulls. A timer asks every minute or so: the first time after start-up the
 * answer is a backfill (of only what is missing); after that, a live pull whenever the cron
 * expression (UNIX syntax, UTC) has fired since the newest live pull in the pulls log. So a pull
 * missed while Hoard was down is made at the next tick, and a restart does not pull twice.
 */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String source;
    private final ExecutionTime executionTime;
    private final PullLog pulls;
    private final Clock clock;
    private final AtomicBoolean backfilled = new AtomicBoolean();

    public CronSchedule(String source, String cron, DataSource dataSource, Clock clock) {
        this.source = source;
        this.executionTime = ExecutionTime.forCron(parse(source, cron));
        this.pulls = new PullLog(dataSource, clock);
        this.clock = clock;
    }

    static Cron parse(String source, String cron) {
        try {
            return PARSER.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " cron '" + cron + "' is not a UNIX cron expression: "
                    + e.getMessage(), e);
        }
    }

    /** Sets the {@value PullPlanner#MODE} header to the pull now due, or removes it when none is. */
    public void decide(Exchange exchange) throws SQLException {
        PullMode due = due();
        if (due == null) {
            exchange.getMessage().removeHeader(PullPlanner.MODE);
        } else {
            exchange.getMessage().setHeader(PullPlanner.MODE, due.label());
        }
    }

    PullMode due() throws SQLException {
        if (backfilled.compareAndSet(false, true)) {
            return PullMode.BACKFILL;
        }
        Optional<Instant> lastFire = lastFire();
        if (lastFire.isEmpty()) {
            return null;
        }
        Optional<Instant> lastLive = pulls.lastStart(source, PullMode.LIVE);
        return lastLive.isEmpty() || lastLive.get().isBefore(lastFire.get()) ? PullMode.LIVE : null;
    }

    /** The newest time at or before now at which the cron expression fired. */
    Optional<Instant> lastFire() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (executionTime.isMatch(now.withSecond(0).withNano(0))) {
            return Optional.of(now.withSecond(0).withNano(0).toInstant());
        }
        return executionTime.lastExecution(now).map(ZonedDateTime::toInstant);
    }
}
