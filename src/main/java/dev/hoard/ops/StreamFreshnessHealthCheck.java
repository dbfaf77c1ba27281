package dev.hoard.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code hoard/streams}: DOWN when any live stream connection has received no frame
 * for longer than {@code maxSilence}. It reads the {@code hoard.stream.last.frame.age.seconds} gauge
 * each {@code hoard-ws:} connection registers; with no stream running it is UP.
 */
public final class StreamFreshnessHealthCheck extends AbstractHealthCheck {

    private final MeterRegistry meters;
    private final Duration maxSilence;

    public StreamFreshnessHealthCheck(MeterRegistry meters, Duration maxSilence) {
        super("hoard", "streams");
        this.meters = meters;
        this.maxSilence = maxSilence;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean fresh = true;
        StringBuilder silent = new StringBuilder();
        int streams = 0;
        for (Gauge gauge : meters.find("hoard.stream.last.frame.age.seconds").gauges()) {
            streams++;
            double age = gauge.value();
            String name = gauge.getId().getTag("stream") + "[" + gauge.getId().getTag("shard") + "]";
            builder.detail(name + ".last.frame.age.seconds", Math.round(age));
            if (age * 1000 > maxSilence.toMillis()) {
                fresh = false;
                silent.append(silent.length() == 0 ? "" : ", ").append(name);
            }
        }
        builder.detail("max.silence.seconds", maxSilence.toSeconds());
        builder.detail("connections", streams);
        if (fresh) {
            builder.up();
        } else {
            builder.message("no frame for over " + maxSilence.toSeconds() + " s on " + silent).down();
        }
    }
}
