package dev.hoard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;

/**
 * The Prometheus registry behind Micrometer's global registry, where every Hoard meter registers
 * (streams, rows written, rate limits, job progress) and camel-micrometer's route policy counts each
 * route's exchanges and failures. One per JVM; {@code GET /metrics} scrapes it in the text format.
 */
public final class PrometheusMetrics {

    private static PrometheusMeterRegistry registry;

    /** The JVM's Prometheus registry, added to the global registry on first use. */
    public static synchronized PrometheusMeterRegistry registry() {
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
            new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
            Metrics.addRegistry(registry);
        }
        return registry;
    }

    public static MeterRegistry global() {
        registry();
        return Metrics.globalRegistry;
    }

    public void scrape(Exchange exchange) {
        String text = registry().scrape();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getMessage().setBody(text);
    }
}
