package dev.hoard;

import dev.hoard.api.ApiResponses;
import dev.hoard.api.HealthQuery;
import dev.hoard.api.SeriesQuery;
import dev.hoard.api.StarlistingsApi;
import dev.hoard.api.VerifyQuery;
import dev.hoard.db.HoardDatabase;
import dev.hoard.pipeline.HourlySchedule;
import dev.hoard.pipeline.PipelineRunLog;
import dev.hoard.pipeline.RetryClassifier;
import dev.hoard.sink.BulkUpsertWriter;
import dev.hoard.sink.DeadLetterStore;
import dev.hoard.sink.FundingSnapshotWriter;
import dev.hoard.sink.InstrumentStore;
import dev.hoard.sink.MarketTables;
import dev.hoard.aggregate.LiveBuffers;
import dev.hoard.aggregate.LiveFlush;
import dev.hoard.backfill.BinanceHistory;
import dev.hoard.backfill.CandleStore;
import dev.hoard.backfill.GapRepair;
import dev.hoard.backfill.HyperliquidHistory;
import dev.hoard.backfill.WeightBudget;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.sink.InstrumentIds;
import dev.hoard.sink.MarketDataWriter;
import dev.hoard.stream.StreamComponent;
import dev.hoard.model.Candle;
import dev.hoard.upstream.RestFinality;
import dev.hoard.upstream.binance.BinanceKlines;
import dev.hoard.upstream.binance.BinanceResponses;
import dev.hoard.upstream.binance.BinanceStreamPlanner;
import dev.hoard.upstream.hyperliquid.AssetContextsNormalizer;
import dev.hoard.upstream.hyperliquid.HistoryNormalizer;
import dev.hoard.upstream.hyperliquid.HyperliquidStreamPlanner;
import dev.hoard.upstream.hyperliquid.StreamFrameNormalizer;
import dev.hoard.export.ExportApi;
import dev.hoard.export.Exporter;
import dev.hoard.jobs.JobRegistry;
import dev.hoard.ops.ApiGuard;
import dev.hoard.ops.DatabaseMetrics;
import dev.hoard.ops.DatabaseHealthCheck;
import dev.hoard.ops.DocsApi;
import dev.hoard.ops.HealthChecks;
import dev.hoard.ops.HttpFront;
import dev.hoard.ops.OpenApiDocument;
import dev.hoard.ops.JolokiaAgent;
import dev.hoard.ops.PrometheusMetrics;
import dev.hoard.ops.StreamFreshnessHealthCheck;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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

        // Meters (stream frames, rows written, rate limits, job progress) register in Micrometer's global
        // registry, backed by one Prometheus registry per JVM, which GET /metrics scrapes; camel-micrometer's
        // route policy counts every route's exchanges and failures there too.
        registry.bind("meterRegistry", PrometheusMetrics.global());
        context.addRoutePolicyFactory(PrometheusMetrics.routePolicyFactory());

        Clock clock = registry.lookupByNameAndType(CLOCK, Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind(CLOCK, clock);
        }

        HoardDatabase database = new HoardDatabase(
                properties.resolveProperty("hoard.database.url").orElse(""),
                HoardHome.directory().resolve(required(properties, "hoard.embedded-db.data-dir")),
                Integer.parseInt(required(properties, "hoard.embedded-db.port")),
                Integer.parseInt(required(properties, "hoard.database.pool-size")),
                Long.parseLong(required(properties, "hoard.database.connection-timeout-ms")));
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
        registry.bind("restFinality", new RestFinality(
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.history.final-margin-ms"))),
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.history.settled-margin-ms")))));
        registry.bind("fundingSnapshotWriter",
                new FundingSnapshotWriter(dataSource, writer, instruments, deadLetters, runs));

        bindMarketData(context, properties, registry, dataSource, writer, instruments, clock);

        int defaultLimit = Integer.parseInt(required(properties, "hoard.api.default-limit"));
        int maxLimit = Integer.parseInt(required(properties, "hoard.api.max-limit"));
        registry.bind("apiResponses", new ApiResponses());
        registry.bind("fundingQuery", SeriesQuery.perInstrument(dataSource, MarketTables.FUNDING_RATES, defaultLimit, maxLimit));
        registry.bind("openInterestQuery",
                SeriesQuery.perInstrument(dataSource, MarketTables.OPEN_INTEREST, defaultLimit, maxLimit));
        registry.bind("candleQuery", SeriesQuery.candles(dataSource, defaultLimit, maxLimit));
        registry.bind("verifyQuery", new VerifyQuery(dataSource, clock,
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.verify.provisional-grace-ms")))));
        HealthQuery health = new HealthQuery(dataSource, runs, clock);
        if (Boolean.parseBoolean(required(properties, "hoard.schedules.enabled"))
                && Boolean.parseBoolean(required(properties, "hoard.hyperliquid.funding-snapshot.enabled"))) {
            health.expect("hyperliquid-funding-snapshot",
                    Duration.ofMillis(Long.parseLong(required(properties, "hoard.hyperliquid.funding-snapshot.max-age-ms"))));
        }
        registry.bind("healthQuery", health);

        bindOperations(context, properties, registry, dataSource, clock, health);
    }

    /** Exports, jobs, health checks, docs, the API key and CORS, and the Jolokia agent. */
    private static void bindOperations(CamelContext context, PropertiesComponent properties, Registry registry,
                                       DataSource dataSource, Clock clock, HealthQuery health) throws Exception {
        JobRegistry jobs = new JobRegistry(dataSource, clock, Integer.parseInt(required(properties, "hoard.jobs.keep-finished")));
        registry.bind("jobRegistry", jobs);
        context.addService(jobs, true, false);
        DatabaseMetrics databaseMetrics = PrometheusMetrics.databaseMetrics(dataSource, clock,
                registry.lookupByNameAndType("pipelineRunLog", dev.hoard.pipeline.PipelineRunLog.class),
                pipelineMaxAges(properties, health),
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.metrics.database-refresh-ms"))));
        context.addService(databaseMetrics, true, false);
        registry.bind("prometheusMetrics", new PrometheusMetrics(databaseMetrics));
        Exporter exporter = new Exporter(dataSource, jobs, clock);
        registry.bind("exporter", exporter);
        registry.bind("exportApi", new ExportApi(exporter, clock,
                Integer.parseInt(required(properties, "hoard.export.default-days")),
                Integer.parseInt(required(properties, "hoard.export.max-days")),
                properties.resolveProperty("hoard.export.spool-dir").orElse("")));

        HealthChecks checks = new HealthChecks(context, List.of(new DatabaseHealthCheck(dataSource),
                new StreamFreshnessHealthCheck(PrometheusMetrics.global(),
                        Duration.ofMillis(Long.parseLong(required(properties, "hoard.health.stream-max-silence-ms"))))));
        registry.bind("healthChecks", checks);
        health.withChecks(checks);
        registry.bind("docsApi", new DocsApi());
        registry.bind("openApiDocument", new OpenApiDocument());

        String corsOrigins = properties.resolveProperty("hoard.api.cors-origins").orElse("");
        HttpFront.install(context, new ApiGuard(properties.resolveProperty("hoard.api.key").orElse(""), corsOrigins),
                corsOrigins);

        if (Boolean.parseBoolean(required(properties, "hoard.jolokia.enabled"))) {
            JolokiaAgent jolokia = new JolokiaAgent(required(properties, "hoard.jolokia.host"),
                    Integer.parseInt(required(properties, "hoard.jolokia.port")),
                    properties.resolveProperty("hoard.jolokia.user").orElse(""),
                    properties.resolveProperty("hoard.jolokia.password").orElse(""));
            registry.bind("jolokiaAgent", jolokia);
            context.addService(jolokia, true, true);
        }
    }

    /** What {@code /health} expects, and each scheduled metric pull's max age, for {@code hoard_pipeline_max_age_seconds}. */
    private static java.util.Map<String, Duration> pipelineMaxAges(PropertiesComponent properties, HealthQuery health) {
        java.util.Map<String, Duration> maxAges = new java.util.LinkedHashMap<>(health.expectedPipelines());
        if (Boolean.parseBoolean(required(properties, "hoard.schedules.enabled"))) {
            for (String source : PrometheusMetrics.PULL_SOURCES) {
                if (Boolean.parseBoolean(required(properties, "hoard." + source + ".enabled"))) {
                    maxAges.put(PrometheusMetrics.pullPipeline(source),
                            Duration.ofMillis(Long.parseLong(required(properties, "hoard." + source + ".max-age-ms"))));
                }
            }
        }
        return maxAges;
    }

    /** Live streams, their buffers and writer, the catalog, history paging and gap repair. */
    private static void bindMarketData(CamelContext context, PropertiesComponent properties, Registry registry,
                                       DataSource dataSource, BulkUpsertWriter writer, InstrumentStore instruments,
                                       Clock clock) throws Exception {
        MarketDataWriter marketWriter = new MarketDataWriter(dataSource, writer, new InstrumentIds(instruments, clock));
        registry.bind("marketDataWriter", marketWriter);
        LiveBuffers buffers = new LiveBuffers(clock,
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.live.final-grace-ms"))),
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.live.provisional-throttle-ms"))));
        registry.bind("liveBuffers", buffers);
        // after the database, so that it stops before it: the last live write at shutdown
        LiveFlush flush = new LiveFlush(buffers, marketWriter,
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.live.shutdown-deadline-ms"))));
        registry.bind("liveFlush", flush);
        context.addService(flush, true, false);

        StarlistingCatalog catalog = new StarlistingCatalog(
                HoardHome.file(required(properties, "hoard.catalog.file")), dataSource, instruments, clock);
        registry.bind("starlistingCatalog", catalog);
        if (Boolean.parseBoolean(required(properties, "hoard.catalog.sync-at-start"))) {
            catalog.sync(); // the service only: one-shot commands read the file and write nothing of it
        }

        RestFinality finality = registry.lookupByNameAndType("restFinality", RestFinality.class);
        GapRepair.Settings repairSettings = new GapRepair.Settings(
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.gap-repair.retry-initial-ms"))),
                Duration.ofMillis(Long.parseLong(required(properties, "hoard.gap-repair.retry-max-ms"))),
                Integer.parseInt(required(properties, "hoard.gap-repair.reconcile-candles")), finality);
        BooleanSupplier running = () -> !context.isStopping() && !context.isStopped();
        WeightBudget hyperliquidBudget = new WeightBudget("hyperliquid",
                Integer.parseInt(required(properties, "hoard.hyperliquid.weight-per-minute")), clock);
        registry.bind("hyperliquidWeightBudget", hyperliquidBudget);
        registry.bind("hyperliquidStreamNormalizer", new StreamFrameNormalizer());
        CandleStore candleStore = new CandleStore(dataSource);
        HyperliquidHistory history = new HyperliquidHistory(context, new HistoryNormalizer(finality), finality,
                marketWriter, candleStore, hyperliquidBudget, clock);
        registry.bind("hyperliquidHistory", history);
        Map<String, GapRepair> repairs = new ConcurrentHashMap<>();
        repairs.put("hyperliquid", new GapRepair(history, catalog, candleStore, clock, repairSettings, running));
        registry.bind("hyperliquidGapRepair", repairs.get("hyperliquid"));
        registry.bind("hyperliquidStreamPlanner", new HyperliquidStreamPlanner(catalog,
                required(properties, "hoard.hyperliquid.ws-url"),
                Integer.parseInt(required(properties, "hoard.hyperliquid.ws.max-subscriptions")),
                Integer.parseInt(required(properties, "hoard.hyperliquid.ws.subscriptions-per-connection"))));
        repairs.put("binance", bindBinance(context, properties, registry, marketWriter, catalog, candleStore, clock,
                repairSettings, running));
        // a final that disagrees with the stored one, or that never came, is asked of its exchange again
        Consumer<Candle> recheck = candle -> {
            GapRepair repair = repairs.get(candle.instrument().exchange());
            if (repair != null) {
                repair.recheck(candle);
            }
        };
        marketWriter.onDisagreement(recheck);
        buffers.onUnfinished(recheck);
        registry.bind("starlistingsApi", new StarlistingsApi(catalog, context));
        context.addComponent(StreamComponent.SCHEME, new StreamComponent());
    }

    /** Binance klines: one weight budget for every Binance REST job, history, gap repair, the stream planner. */
    private static GapRepair bindBinance(CamelContext context, PropertiesComponent properties, Registry registry,
                                         MarketDataWriter marketWriter, StarlistingCatalog catalog, CandleStore candleStore,
                                         Clock clock, GapRepair.Settings repairSettings, BooleanSupplier running) {
        WeightBudget budget = new WeightBudget("binance",
                Integer.parseInt(required(properties, "hoard.binance.weight-per-minute")), clock);
        registry.bind("binanceWeightBudget", budget);
        registry.bind("binanceResponses", new BinanceResponses(budget));
        BinanceKlines klines = new BinanceKlines(repairSettings.finality());
        registry.bind("binanceKlines", klines);
        BinanceHistory history = new BinanceHistory(context, klines, repairSettings.finality(), marketWriter, candleStore,
                budget, clock, Integer.parseInt(required(properties, "hoard.binance.gap-repair.max-candles")),
                Double.parseDouble(required(properties, "hoard.binance.weight-share")));
        registry.bind("binanceHistory", history);
        GapRepair repair = new GapRepair(history, catalog, candleStore, clock, repairSettings, running);
        registry.bind("binanceGapRepair", repair);
        registry.bind("binanceStreamPlanner", new BinanceStreamPlanner(catalog, klines,
                required(properties, "hoard.binance.ws-url"),
                Integer.parseInt(required(properties, "hoard.binance.ws.streams-per-connection"))));
        return repair;
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
