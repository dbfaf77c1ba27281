package dev.hoard;

import dev.hoard.api.ApiResponses;
import dev.hoard.api.HealthQuery;
import dev.hoard.api.SeriesQuery;
import dev.hoard.db.HoardDatabase;
import dev.hoard.pipeline.HourlySchedule;
import dev.hoard.pipeline.PipelineRunLog;
import dev.hoard.pipeline.RetryClassifier;
import dev.hoard.sink.BulkUpsertWriter;
import dev.hoard.sink.DeadLetterStore;
import dev.hoard.sink.FundingSnapshotWriter;
import dev.hoard.sink.InstrumentStore;
import dev.hoard.sink.MarketTables;
import dev.hoard.upstream.hyperliquid.AssetContextsNormalizer;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/**
 * Creates Hoard's beans from {@code application.properties} and binds them under the names the
 * YAML routes use. The database starts here, before any route, and stops after them.
 */
public final class HoardBeans implements CamelConfiguration {

    /** Registry name of the {@link Clock} every component reads; tests may bind their own first. */
    public static final String CLOCK = "hoardClock";

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Registry registry = context.getRegistry();

        Clock clock = registry.lookupByNameAndType(CLOCK, Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind(CLOCK, clock);
        }

        HoardDatabase database = new HoardDatabase(
                properties.resolveProperty("hoard.database.url").orElse(""),
                HoardHome.directory().resolve(required(properties, "hoard.embedded-db.data-dir")),
                Integer.parseInt(required(properties, "hoard.embedded-db.port")),
                Integer.parseInt(required(properties, "hoard.database.pool-size")));
        database.start();
        context.addService(database, true, false);
        DataSource dataSource = database.dataSource();
        registry.bind("dataSource", dataSource);

        BulkUpsertWriter writer = new BulkUpsertWriter();
        InstrumentStore instruments = new InstrumentStore();
        DeadLetterStore deadLetters = new DeadLetterStore(dataSource);
        PipelineRunLog runs = new PipelineRunLog(dataSource, clock);
        registry.bind("bulkUpsertWriter", writer);
        registry.bind("deadLetterStore", deadLetters);
        registry.bind("pipelineRunLog", runs);
        registry.bind("hourlySchedule", new HourlySchedule(runs, clock));
        registry.bind("retryClassifier", new RetryClassifier());
        registry.bind("upstreamRedelivery", upstreamRedelivery(properties));

        registry.bind("hyperliquidAssetContextsNormalizer", new AssetContextsNormalizer());
        registry.bind("fundingSnapshotWriter",
                new FundingSnapshotWriter(dataSource, writer, instruments, deadLetters, runs));

        int defaultLimit = Integer.parseInt(required(properties, "hoard.api.default-limit"));
        int maxLimit = Integer.parseInt(required(properties, "hoard.api.max-limit"));
        registry.bind("apiResponses", new ApiResponses());
        registry.bind("fundingQuery", new SeriesQuery(dataSource, MarketTables.FUNDING_RATES, defaultLimit, maxLimit));
        HealthQuery health = new HealthQuery(dataSource, runs, clock);
        if (Boolean.parseBoolean(required(properties, "hoard.schedules.enabled"))
                && Boolean.parseBoolean(required(properties, "hoard.hyperliquid.funding-snapshot.enabled"))) {
            health.expect("hyperliquid-funding-snapshot",
                    Duration.ofMillis(Long.parseLong(required(properties, "hoard.hyperliquid.funding-snapshot.max-age-ms"))));
        }
        registry.bind("healthQuery", health);
    }

    private static RedeliveryPolicy upstreamRedelivery(PropertiesComponent properties) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(Integer.parseInt(required(properties, "hoard.retry.max-redeliveries")));
        policy.setRedeliveryDelay(Long.parseLong(required(properties, "hoard.retry.initial-delay-ms")));
        policy.setMaximumRedeliveryDelay(Long.parseLong(required(properties, "hoard.retry.max-delay-ms")));
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhausted(false);
        policy.setLogHandled(false);
        return policy;
    }

    static String required(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("missing property " + key));
    }
}
