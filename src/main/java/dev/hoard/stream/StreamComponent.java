package dev.hoard.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code hoard-ws:<name>?planner=#bean&clock=#bean&pingMessage=…&pingIntervalMs=…&silenceTimeoutMs=…
 * &reconnectInitialMs=…&reconnectMaxMs=…}: a consumer of upstream WebSocket streams that follows
 * the stream rules of DESIGN.md §5. It replaces camel-vertx-websocket for upstream streams; the
 * README says why.
 */
public final class StreamComponent extends DefaultComponent {

    public static final String SCHEME = "hoard-ws";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StreamPlanner planner = resolveAndRemoveReferenceParameter(parameters, "planner", StreamPlanner.class);
        if (planner == null) {
            throw new IllegalArgumentException(uri + ": planner=#bean is required");
        }
        Clock clock = resolveAndRemoveReferenceParameter(parameters, "clock", Clock.class);
        StreamSettings settings = new StreamSettings(
                getAndRemoveParameter(parameters, "pingMessage", String.class),
                millis(parameters, "pingIntervalMs", 20_000),
                millis(parameters, "silenceTimeoutMs", 60_000),
                millis(parameters, "reconnectInitialMs", 500),
                millis(parameters, "reconnectMaxMs", 30_000));
        return new StreamEndpoint(uri, this, remaining, planner, settings, clock == null ? Clock.systemUTC() : clock);
    }

    private Duration millis(Map<String, Object> parameters, String name, long defaultValue) {
        return Duration.ofMillis(getAndRemoveParameter(parameters, name, Long.class, defaultValue));
    }
}
