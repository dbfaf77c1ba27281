package dev.hoard.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.hoard.pipeline.PipelineRunLog;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

/**
 * The Prometheus registry behind Micrometer's global registry, where every Hoard meter registers
 * (streams, rows written, rate limits) and camel-micrometer's route policy counts each route's
 * exchanges, failures and time. One per JVM, with Micrometer's JVM binders (memory, GC, threads,
 * classes, CPU, file descriptors, uptime) and HikariCP's pool meters. {@code GET /metrics} scrapes
 * it in the text format, after {@link DatabaseMetrics} has read what lives in the database (candle
 * lag, pipeline ages, dead letters, the jobs of every process). Names and labels follow
 * {@link PrometheusConventions}, so {@code promtool check metrics} passes.
 */
public final class PrometheusMetrics {

    private static PrometheusMeterRegistry registry;

    private final DatabaseMetrics databaseMetrics;

    public PrometheusMetrics(DatabaseMetrics databaseMetrics) {
        this.databaseMetrics = databaseMetrics;
    }

    /** The JVM's Prometheus registry, added to the global registry on first use. */
    public static synchronized PrometheusMeterRegistry registry() {
        if (registry == null) {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            prometheus.config().namingConvention(new PrometheusConventions.SnakeCaseLabels())
                    .meterFilter(PrometheusConventions.filter());
            new JvmMemoryMetrics().bindTo(prometheus);
            new JvmGcMetrics().bindTo(prometheus); // listens for the JVM's lifetime, as the registry does
            new JvmHeapPressureMetrics().bindTo(prometheus);
            new JvmThreadMetrics().bindTo(prometheus);
            new JvmInfoMetrics().bindTo(prometheus);
            new ClassLoaderMetrics().bindTo(prometheus);
            new ProcessorMetrics().bindTo(prometheus);
            new FileDescriptorMetrics().bindTo(prometheus);
            new UptimeMetrics().bindTo(prometheus);
            processCpuSeconds(prometheus);
            Metrics.addRegistry(prometheus);
            registry = prometheus;
        }
        return registry;
    }

    public static MeterRegistry global() {
        registry();
        return Metrics.globalRegistry;
    }

    /**
     * Camel's route policy (camel-micrometer): per route {@code camel_exchanges_*_total} and the
     * {@code camel_route_policy_seconds} histogram, labelled {@code route_id}. The context-wide copies
     * (labelled with an empty route id) are off: they are the sum over routes.
     */
    public static MicrometerRoutePolicyFactory routePolicyFactory() {
        MicrometerRoutePolicyConfiguration configuration = new MicrometerRoutePolicyConfiguration();
        configuration.setContextEnabled(false);
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(registry());
        factory.setPolicyConfiguration(configuration);
        return factory;
    }

    /** The metric sources whose live pulls are pipelines {@code <source>-pull}. */
    public static final List<String> PULL_SOURCES = List.of("defillama", "artemis");

    public static String pullPipeline(String source) {
        return PipelineAgeMeters.pullPipeline(source);
    }

    /** The meters read from the database (candle lag, pipeline ages, dead letters, jobs), registered here. */
    public static DatabaseMetrics databaseMetrics(DataSource dataSource, Clock clock, PipelineRunLog runs,
                                                  Map<String, Duration> pipelineMaxAges, Duration refreshEvery) {
        MeterRegistry meters = registry();
        return new DatabaseMetrics(dataSource, refreshEvery, meters, List.of(
                new CandleLagMeters(meters, clock),
                new PipelineAgeMeters(meters, runs, clock, pipelineMaxAges, PULL_SOURCES),
                new DeadLetterMeters(meters),
                new JobMeters(meters)));
    }

    /** {@code process_cpu_seconds_total}, the name Prometheus' own clients use (Micrometer's counts nanoseconds). */
    private static void processCpuSeconds(MeterRegistry meters) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            FunctionCounter.builder("process.cpu", hotspot, b -> b.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds").description("CPU time used by the JVM process").register(meters);
        }
    }

    public void scrape(Exchange exchange) {
        if (databaseMetrics != null) {
            databaseMetrics.refreshIfStale();
        }
        String text = registry().scrape();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getMessage().setBody(text);
    }
}
