package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class StreamFreshnessHealthCheckTest {

    @Test
    void aStreamSilentBeyondItsThresholdIsDown() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicLong btcAge = new AtomicLong(5);
        AtomicLong ethAge = new AtomicLong(10);
        Gauge.builder("hoard.stream.last.frame.age.seconds", btcAge, AtomicLong::get)
                .tag("stream", "hyperliquid").tag("shard", "0").register(meters);
        Gauge.builder("hoard.stream.last.frame.age.seconds", ethAge, AtomicLong::get)
                .tag("stream", "hyperliquid").tag("shard", "1").register(meters);
        StreamFreshnessHealthCheck check = new StreamFreshnessHealthCheck(meters, Duration.ofSeconds(60));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            check.setCamelContext(context);

            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

            ethAge.set(61);
            HealthCheck.Result down = check.call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("hyperliquid[1]").doesNotContain("[0]"));
            assertThat(down.getDetails()).containsEntry("hyperliquid[1].last.frame.age.seconds", 61L);

            ethAge.set(1);
            assertThat(check.call(Map.of()).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void noStreamRunningIsUp() throws Exception {
        StreamFreshnessHealthCheck check = new StreamFreshnessHealthCheck(new SimpleMeterRegistry(), Duration.ofSeconds(1));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            check.setCamelContext(context);
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }
}
