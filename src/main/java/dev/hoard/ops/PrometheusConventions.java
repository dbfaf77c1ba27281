package dev.hoard.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.time.Duration;
import java.util.Map;

/**
 * What makes the scrape pass {@code promtool check metrics}: label names in snake_case (Camel tags
 * its meters {@code routeId}, {@code camelContext}, {@code eventType}), a HELP text on every family,
 * latency timers as histograms with buckets rather than bucketless summaries, and no {@code _count}
 * or abbreviated-unit names from Micrometer's binders.
 */
final class PrometheusConventions {

    /** Bucket bounds of every timer (route exchanges, GC pauses, pool acquisitions): 1 ms to 2 min. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(120)};

    /** HELP texts of meters registered without a description (by Camel). */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "app.info", "the Camel context and the Camel and runtime versions (value 1)",
            "camel.exchanges.inflight", "exchanges being processed by the route now",
            "camel.exchanges.last.timestamp", "time of the route's last exchange",
            "camel.routes.added", "routes added to the Camel context",
            "camel.routes.running", "routes running in the Camel context",
            "camel.routes.reloaded", "routes reloaded in the Camel context");

    private PrometheusConventions() {
    }

    /** Prometheus names, with every tag key turned to snake_case. */
    static final class SnakeCaseLabels extends PrometheusNamingConvention {
        @Override
        public String tagKey(String key) {
            return super.tagKey(snakeCase(key));
        }
    }

    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Drops Micrometer's {@code process.cpu.time} (exposed in nanoseconds as {@code process_cpu_time_ns_total};
     * {@link PrometheusMetrics} registers {@code process_cpu_seconds_total} instead), renames
     * {@code system.cpu.count} (a gauge, not a histogram's count) to {@code system.cpus}, gives every
     * meter a HELP text and every timer its buckets.
     */
    static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public io.micrometer.core.instrument.config.MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals("process.cpu.time")
                        ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
                        : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName().equals("system.cpu.count") ? "system.cpus" : id.getName();
                String description = id.getDescription();
                if (description == null || description.isBlank()) {
                    description = DESCRIPTIONS.getOrDefault(name, name.replace('.', ' '));
                }
                if (name.equals(id.getName()) && description.equals(id.getDescription())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
            }

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                    return config;
                }
                double[] bounds = new double[LATENCY_BUCKETS.length];
                for (int i = 0; i < bounds.length; i++) {
                    bounds[i] = LATENCY_BUCKETS[i].toNanos();
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
            }
        };
    }
}
