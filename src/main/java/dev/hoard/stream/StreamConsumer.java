package dev.hoard.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link StreamConnection} per shard of the planner's plan and turns what they report into
 * exchanges: runs of consecutive text frames as a {@code List<String>} body, in order per shard, and
 * connect and disconnect as event exchanges (header {@link #EVENT}) so routes can log them and start
 * gap repair. Counts frames, connects and disconnects per stream and shard in the global Micrometer
 * registry.
 */
final class StreamConsumer extends DefaultConsumer implements StreamListener {

    /** Header of event exchanges: {@code connected} or {@code disconnected}; absent on frames. */
    public static final String EVENT = "HoardStreamEvent";
    /** Header naming the shard (connection index) an exchange came from. */
    public static final String SHARD = "HoardStreamShard";
    /** Header of event exchanges: subscriptions sent on connect, or the disconnect reason. */
    public static final String DETAIL = "HoardStreamDetail";
    /** Header of frame exchanges: when the last frame of the batch arrived, on the endpoint's receive clock. */
    public static final String RECEIVED_AT = "HoardStreamReceivedAt";

    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    /** The counters of every connection, with their HELP texts. */
    private static final java.util.Map<String, String> COUNTED = java.util.Map.of(
            "frames", "text frames received by the stream connection",
            "connects", "times the stream connection connected and subscribed",
            "disconnects", "times the stream connection was lost or replaced");

    private final StreamEndpoint endpoint;
    private final Clock clock = Clock.systemUTC();
    private final List<AtomicLong> lastFrameMs = new ArrayList<>();
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final List<Gauge> gauges = new ArrayList<>();
    private Vertx vertx;

    StreamConsumer(StreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        List<ShardPlan> plan = endpoint.planner().plan();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        MeterRegistry registry = Metrics.globalRegistry;
        for (int shard = 0; shard < plan.size(); shard++) {
            AtomicLong last = new AtomicLong(clock.millis());
            lastFrameMs.add(last);
            gauges.add(Gauge.builder("hoard.stream.last.frame.age.seconds", last, l -> (clock.millis() - l.get()) / 1000.0)
                    .description("seconds since the stream connection's last frame (or its start)")
                    .tag("stream", endpoint.name()).tag("shard", String.valueOf(shard)).register(registry));
            for (String what : COUNTED.keySet()) {
                count(what, shard, 0); // at 0 from the start, so that a first disconnect is an increase
            }
            StreamConnection connection = new StreamConnection(endpoint.name(), shard, plan.get(shard),
                    endpoint.settings(), this, clock, endpoint.receiveClock());
            vertx.deployVerticle(connection, new DeploymentOptions())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        LOG.info("Stream {} started with {} connection(s) for {} subscription(s)", endpoint.name(), plan.size(),
                plan.stream().mapToInt(ShardPlan::subscriptions).sum());
    }

    @Override
    protected void doStop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx = null;
        }
        gauges.forEach(Metrics.globalRegistry::remove);
        gauges.clear();
        lastFrameMs.clear();
        super.doStop();
    }

    @Override
    public void connected(int shard, int subscriptions) {
        count("connects", shard, 1);
        LOG.info("Stream {}[{}] connected; sent {} subscription(s)", endpoint.name(), shard, subscriptions);
        emit(shard, "connected", String.valueOf(subscriptions), null);
    }

    @Override
    public void disconnected(int shard, String reason) {
        count("disconnects", shard, 1);
        LOG.warn("Stream {}[{}] disconnected: {}", endpoint.name(), shard, reason);
        emit(shard, "disconnected", reason, null);
    }

    @Override
    public void frames(int shard, List<String> texts, Instant receivedAt) {
        lastFrameMs.get(shard).set(clock.millis());
        count("frames", shard, texts.size());
        emit(shard, null, receivedAt, texts);
    }

    private void emit(int shard, String event, Object detail, Object body) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(SHARD, shard);
            if (event == null) {
                exchange.getMessage().setHeader(RECEIVED_AT, detail);
            }
            if (event != null) {
                exchange.getMessage().setHeader(EVENT, event);
                exchange.getMessage().setHeader(DETAIL, detail);
            }
            exchange.getMessage().setBody(body);
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing a frame of " + endpoint.name(), exchange,
                        exchange.getException());
            }
        } catch (Exception e) {
            getExceptionHandler().handleException("Error processing a frame of " + endpoint.name(), exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void count(String what, int shard, int amount) {
        counters.computeIfAbsent(what + shard, k -> Counter.builder("hoard.stream." + what).description(COUNTED.get(what))
                .tag("stream", endpoint.name()).tag("shard", String.valueOf(shard))
                .register(Metrics.globalRegistry)).increment(amount);
    }
}
