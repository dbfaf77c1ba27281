package dev.hoard.stream;

import java.time.Clock;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A named upstream stream; consume-only. */
public final class StreamEndpoint extends DefaultEndpoint {

    private final String name;
    private final StreamPlanner planner;
    private final StreamSettings settings;
    private final Clock receiveClock;

    StreamEndpoint(String uri, StreamComponent component, String name, StreamPlanner planner, StreamSettings settings,
                   Clock receiveClock) {
        super(uri, component);
        this.name = name;
        this.planner = planner;
        this.settings = settings;
        this.receiveClock = receiveClock;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(StreamComponent.SCHEME + " endpoints only consume");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        StreamConsumer consumer = new StreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String name() {
        return name;
    }

    StreamPlanner planner() {
        return planner;
    }

    StreamSettings settings() {
        return settings;
    }

    /** The clock frames are stamped with when they arrive (the application's; timeouts use the system clock). */
    Clock receiveClock() {
        return receiveClock;
    }
}
