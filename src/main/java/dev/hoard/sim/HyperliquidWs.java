package dev.hoard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.sim.HyperliquidGroundTruth.Candle;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Hyperliquid WebSocket at {@code ws://127.0.0.1:<port>/hyperliquid/ws} (UPSTREAMS.md §2), served by
 * {@link ExchangeSimulator}'s HTTP server on the same port.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>On connect the server sends the plain-text frame {@value #GREETING} first.</li>
 *   <li>{@code {"method":"subscribe"|"unsubscribe","subscription":{"type":"candle","coin":"BTC","interval":"1m"}}}
 *       or {@code {"type":"activeAssetCtx","coin":"BTC"}} →
 *       {@code {"channel":"subscriptionResponse","data":{"method":…,"subscription":{…}}}}, where the echo has the
 *       server's own key order ({@code type, interval, coin} for candles; {@code type, coin} for contexts) — compare
 *       as objects. Errors are {@code {"channel":"error","data":"<text>"}}: bad JSON, an unknown method, type or
 *       interval → {@code "Error parsing JSON into valid websocket request: <message>"}; an unknown coin →
 *       {@code "Invalid subscription: <echo>"} (the real wording is unverified); subscribing twice →
 *       {@code "Already subscribed: <echo>"}; unsubscribing what is not subscribed →
 *       {@code "Already unsubscribed: <echo>"}; more than {@link #maxSubscriptions()} subscriptions over all open
 *       sockets → {@code "Cannot subscribe to more than 1000 channels."}. The server keeps no state across
 *       connections.</li>
 *   <li>{@code {"method":"ping"}} → {@code {"channel":"pong"}}.</li>
 * </ul>
 *
 * <h2>Emission</h2>
 * Data frames are sent in <em>rounds</em>. A round reads the simulator's Hyperliquid clock once ({@code now}) and,
 * for every open socket in connection order and each of its subscriptions in subscription order, writes:
 * <ul>
 *   <li>candle: {@code {"channel":"candle","data":{t,T,s,i,o,c,h,l,v,n}}} (a single object) for the candle of
 *       the interval containing {@code now}, with the {@link HyperliquidGroundTruth#candle ground-truth} values as of
 *       {@code now}. If the previous round of this subscription wrote an earlier candle, the round first writes that
 *       earlier candle once more with its final values (as of {@code now}, which is past its close), then the new
 *       one. So a candle's final values are sent exactly once, in the first round whose {@code now} lies in a later
 *       candle; candles the clock skipped entirely between two rounds are not sent.</li>
 *   <li>activeAssetCtx: {@code {"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{…}}}} with the same ctx
 *       fields and order as {@code metaAndAssetCtxs}, from {@link HyperliquidGroundTruth#ctx(String, Instant)}.</li>
 * </ul>
 * Nothing is sent on subscribe beyond the ack. Rounds run {@link #emitNow() on demand} (tests; the default),
 * {@link #emitEvery(Duration) periodically} on a Vert.x timer (real-time mode; {@code simulate}/demo should use
 * {@link #DEFAULT_REAL_TIME_PERIOD}), or as a {@link #blast(int) bulk write} for benchmarks.
 *
 * <h2>Idle rule</h2>
 * Like the real server, a socket to which the server has written nothing for {@link #idleCloseAfter()} (default
 * 60 s) is closed (close frame 1000). Frames discarded by {@link WsFaults#silence silence} do not count as sent.
 * WebSocket-level ping/pong control frames are answered by Vert.x itself and do not count either.
 *
 * <p>All socket state lives on the simulator's single event loop; the public methods are thread-safe and must not
 * be called from that event loop when they wait (emitNow, blast, dropAll).
 */
public final class HyperliquidWs {

    /** Where the WebSocket is served, below the simulator's base URL. */
    public static final String PATH = HyperliquidSim.PREFIX + "/ws";
    /** The first frame of every connection (plain text, not JSON). */
    public static final String GREETING = "Websocket connection established.";
    /** The emission period {@code simulate} and demo should use. */
    public static final Duration DEFAULT_REAL_TIME_PERIOD = Duration.ofSeconds(1);
    public static final Duration DEFAULT_IDLE_CLOSE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1000;

    static final String PARSE_ERROR = "Error parsing JSON into valid websocket request: ";
    static final String PONG = "{\"channel\":\"pong\"}";

    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidWs.class);
    private static final long WAIT_SECONDS = 60;

    private final HyperliquidGroundTruth truth;
    private final Supplier<Instant> clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong connectionIds = new AtomicLong();
    private final WsStats stats = new WsStats();
    private final WsFaults faults;
    /** Open sockets by id (ids grow, so iteration is connection order). Conn fields are event-loop confined. */
    private final ConcurrentSkipListMap<Long, Conn> conns = new ConcurrentSkipListMap<>();

    private volatile Vertx vertx;
    private volatile Context context;
    private volatile Thread loopThread;
    private volatile Duration emitPeriod = Duration.ZERO;
    private volatile Duration idleCloseAfter = DEFAULT_IDLE_CLOSE;
    private volatile int maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
    private long emitTimer = -1;
    private long idleTimer = -1;

    HyperliquidWs(HyperliquidGroundTruth truth, Supplier<Instant> clock) {
        this.truth = truth;
        this.clock = clock;
        this.faults = new WsFaults(new WsFaults.Hooks() {
            @Override
            public int dropAll() {
                return dropAllNow();
            }

            @Override
            public long lastConnectionId() {
                return connectionIds.get();
            }
        });
    }

    public WsFaults faults() {
        return faults;
    }

    public WsStats stats() {
        return stats;
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Real-time mode: run a round every {@code period} on a Vert.x timer. {@link Duration#ZERO} returns to manual
     * mode (the default). Can be called before the simulator starts.
     */
    public HyperliquidWs emitEvery(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || !period.isZero() && period.toMillis() < 1) {
            throw new IllegalArgumentException("emission period must be zero (manual) or at least 1 ms: " + period);
        }
        emitPeriod = period;
        runOnLoopIfAttached(this::restartEmitTimer);
        return this;
    }

    /** The real-time emission period; zero in manual mode. */
    public Duration emitPeriod() {
        return emitPeriod;
    }

    /** Closes sockets the server has sent nothing to for {@code after} (default 60 s). */
    public HyperliquidWs idleCloseAfter(Duration after) {
        Objects.requireNonNull(after, "after");
        if (after.toMillis() < 1) {
            throw new IllegalArgumentException("idle close must be at least 1 ms: " + after);
        }
        idleCloseAfter = after;
        runOnLoopIfAttached(this::restartIdleTimer);
        return this;
    }

    public Duration idleCloseAfter() {
        return idleCloseAfter;
    }

    /** The most subscriptions all open sockets together may hold (Hyperliquid: 1000 per IP). */
    public HyperliquidWs maxSubscriptions(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max subscriptions must be positive: " + max);
        }
        maxSubscriptions = max;
        return this;
    }

    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    /**
     * Resets faults (dropping frames held back by a pending swap), stats, the idle timeout and the subscription cap,
     * and returns to manual emission. Open sockets and their subscriptions stay.
     */
    public HyperliquidWs reset() {
        faults.clear();
        runOnLoopIfAttached(() -> conns.values().forEach(c -> c.held = null));
        stats.reset();
        maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
        idleCloseAfter(DEFAULT_IDLE_CLOSE);
        emitEvery(Duration.ZERO);
        return this;
    }

    // ---------------------------------------------------------------- emission

    /**
     * Runs one emission round at the clock's current instant for every open socket's subscriptions, and returns
     * once those frames were written to the sockets (delayed frames included; frames held back by
     * {@link WsFaults#swapNext()} or discarded by silence are not waited for). Returns the number of frames
     * written. A no-op before the simulator starts.
     */
    public int emitNow() {
        if (context == null) {
            return 0;
        }
        requireOffLoop("emitNow");
        List<CompletableFuture<Void>> writes = call(this::emitRound);
        await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)),
                WAIT_SECONDS + faults.delay().toSeconds());
        return writes.size();
    }

    /**
     * Bulk mode for benchmarks: for every candle subscription of every open socket, writes the
     * {@code framesPerSubscription} most recent candles of its interval, oldest first, ending with the current one
     * (all final except the current, which is as of the clock), as fast as the sockets take them (interleaved across
     * a socket's subscriptions, respecting back-pressure). Bypasses every {@link WsFaults fault}. Frames are built
     * before writing starts. Returns the number of frames written, once they were.
     */
    public long blast(int framesPerSubscription) {
        requireOffLoop("blast");
        return await(blastAsync(framesPerSubscription), TimeUnit.MINUTES.toSeconds(30));
    }

    /** {@link #blast(int)} without waiting; the future completes with the number of frames written. */
    public CompletableFuture<Long> blastAsync(int framesPerSubscription) {
        if (framesPerSubscription < 1) {
            throw new IllegalArgumentException("frames per subscription must be positive: " + framesPerSubscription);
        }
        if (context == null) {
            return CompletableFuture.completedFuture(0L);
        }
        Instant now = clock.get();
        record Plan(Conn conn, List<Sub> candles) {
        }
        List<Plan> plans = call(() -> {
            List<Plan> out = new ArrayList<>();
            for (Conn c : conns.values()) {
                List<Sub> candles = c.subs.values().stream().filter(s -> s.interval != null).toList();
                if (!c.closed && !candles.isEmpty()) {
                    candles.forEach(s -> s.lastOpen = SimIntervals.openMillis(s.interval, now.toEpochMilli()));
                    out.add(new Plan(c, candles));
                }
            }
            return out;
        });
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long total = 0;
        for (Plan plan : plans) {
            int subs = plan.candles().size();
            String[] frames = new String[framesPerSubscription * subs];
            int k = 0;
            for (int round = 0; round < framesPerSubscription; round++) {
                for (Sub sub : plan.candles()) {
                    long current = SimIntervals.openMillis(sub.interval, now.toEpochMilli());
                    long open = SimIntervals.shiftMillis(sub.interval, current, round - (framesPerSubscription - 1L));
                    Candle candle = truth.candle(sub.coin, sub.interval, Instant.ofEpochMilli(open), now);
                    frames[k++] = HyperliquidJson.wsCandle(candle, false);
                }
            }
            total += frames.length;
            CompletableFuture<Void> written = new CompletableFuture<>();
            done.add(written);
            context.runOnContext(v -> pump(plan.conn(), frames, 0, written));
        }
        long count = total;
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> count);
    }

    /** Runs one round without waiting for the writes (the admin API's {@code POST /_sim/ws/emit}). */
    int emitQueued() {
        if (context == null) {
            return 0;
        }
        return call(() -> emitRound().size());
    }

    /** The subscriptions of each open socket, in connection order, as the server's echo JSON. */
    public List<List<String>> subscriptions() {
        if (context == null) {
            return List.of();
        }
        return call(() -> {
            List<List<String>> out = new ArrayList<>();
            conns.values().forEach(c -> out.add(List.copyOf(c.subs.keySet())));
            return out;
        });
    }

    // ---------------------------------------------------------------- lifecycle (ExchangeSimulator)

    void attach(Vertx vertx) {
        this.vertx = vertx;
        Context ctx = vertx.getOrCreateContext();
        this.context = ctx;
        conns.clear();
        stats.allClosed();
        call(() -> {
            loopThread = Thread.currentThread();
            restartEmitTimer();
            restartIdleTimer();
            return null;
        });
    }

    /** After the simulator's Vert.x instance closed: forget sockets and timers. */
    void detach() {
        context = null;
        vertx = null;
        loopThread = null;
        emitTimer = -1;
        idleTimer = -1;
        conns.clear();
        stats.allClosed();
    }

    /** Handles an HTTP request for {@link #PATH}; runs on the event loop. */
    void upgrade(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            request.response().setStatusCode(400).putHeader("content-type", SimResponse.TEXT)
                    .end("Expected a WebSocket upgrade");
            return;
        }
        OptionalInt refusal = faults.takeRefusal();
        if (refusal.isPresent()) {
            stats.refuse();
            request.response().setStatusCode(refusal.getAsInt()).putHeader("content-type", SimResponse.TEXT)
                    .end("connection refused by simulator fault");
            return;
        }
        HttpConnection connection = request.connection();
        request.toWebSocket()
                .onSuccess(ws -> open(ws, connection))
                .onFailure(e -> LOG.debug("WebSocket handshake failed", e));
    }

    // ---------------------------------------------------------------- event loop internals

    private static final class Sub {
        final String key;
        final String type;
        final String coin;
        final String interval;
        /** The open time of the candle the last round wrote, or {@link Long#MIN_VALUE}. */
        long lastOpen = Long.MIN_VALUE;

        Sub(String key, String type, String coin, String interval) {
            this.key = key;
            this.type = type;
            this.coin = coin;
            this.interval = interval;
        }
    }

    private record Delayed(long atNanos, String text, boolean data, CompletableFuture<Void> written) {
    }

    private static final class Conn {
        final long id;
        final ServerWebSocket ws;
        final HttpConnection connection;
        final Map<String, Sub> subs = new LinkedHashMap<>();
        final Deque<Delayed> delayed = new ArrayDeque<>();
        long delayTimer = -1;
        long lastSentNanos;
        String held;
        boolean closed;

        Conn(long id, ServerWebSocket ws, HttpConnection connection) {
            this.id = id;
            this.ws = ws;
            this.connection = connection;
        }
    }

    /** One data frame of a round, rendered once however many sockets receive it. */
    private final class DataFrame {
        final Candle candle;
        final String coin;
        final Instant at;
        private String json;

        DataFrame(Candle candle, String coin, Instant at) {
            this.candle = candle;
            this.coin = coin;
            this.at = at;
        }

        String json() {
            if (json == null) {
                json = render(false);
            }
            return json;
        }

        String corrupt(WsFaults.Malformed kind) {
            return kind == WsFaults.Malformed.NOT_JSON ? json().substring(0, json().length() / 2) : render(true);
        }

        private String render(boolean wrongType) {
            return candle != null
                    ? HyperliquidJson.wsCandle(candle, wrongType)
                    : HyperliquidJson.wsActiveAssetCtx(coin, truth.ctx(coin, at), wrongType);
        }
    }

    private void open(ServerWebSocket ws, HttpConnection connection) {
        Conn c = new Conn(connectionIds.incrementAndGet(), ws, connection);
        c.lastSentNanos = System.nanoTime();
        conns.put(c.id, c);
        stats.opened(c.id);
        ws.textMessageHandler(text -> onText(c, text));
        ws.binaryMessageHandler(data -> sendError(c, PARSE_ERROR + "binary frames are not supported"));
        ws.closeHandler(v -> onClose(c));
        ws.exceptionHandler(e -> LOG.debug("WebSocket {} failed", c.id, e));
        send(c, GREETING, false);
    }

    private void onClose(Conn c) {
        c.closed = true;
        if (conns.remove(c.id) != null) {
            stats.closed();
        }
        if (c.delayTimer != -1 && vertx != null) {
            vertx.cancelTimer(c.delayTimer);
        }
        c.delayed.forEach(d -> d.written().complete(null));
        c.delayed.clear();
    }

    private void onText(Conn c, String text) {
        stats.message();
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            sendError(c, PARSE_ERROR + text);
            return;
        }
        String method = message.path("method").asText("");
        switch (method) {
            case "ping" -> {
                stats.ping();
                send(c, PONG, false);
            }
            case "subscribe" -> {
                stats.subscribe(c.id);
                subscription(c, message.get("subscription"), true, text);
            }
            case "unsubscribe" -> {
                stats.unsubscribe();
                subscription(c, message.get("subscription"), false, text);
            }
            default -> sendError(c, PARSE_ERROR + text);
        }
    }

    private void subscription(Conn c, JsonNode subscription, boolean subscribe, String text) {
        Sub sub = parseSubscription(subscription);
        if (sub == null) {
            sendError(c, PARSE_ERROR + text);
            return;
        }
        if (!truth.isKnown(sub.coin)) {
            sendError(c, "Invalid subscription: " + sub.key);
            return;
        }
        if (subscribe) {
            if (c.subs.containsKey(sub.key)) {
                sendError(c, "Already subscribed: " + sub.key);
                return;
            }
            int total = conns.values().stream().mapToInt(conn -> conn.subs.size()).sum();
            if (total >= maxSubscriptions) {
                sendError(c, "Cannot subscribe to more than " + maxSubscriptions + " channels.");
                return;
            }
            c.subs.put(sub.key, sub);
        } else if (c.subs.remove(sub.key) == null) {
            sendError(c, "Already unsubscribed: " + sub.key);
            return;
        }
        send(c, "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\""
                + (subscribe ? "subscribe" : "unsubscribe") + "\",\"subscription\":" + sub.key + "}}", false);
    }

    /** The subscription in the server's key order, or null if it is not a supported, well-formed one. */
    private Sub parseSubscription(JsonNode subscription) {
        if (subscription == null || !subscription.isObject()) {
            return null;
        }
        String type = subscription.path("type").isTextual() ? subscription.get("type").asText() : null;
        JsonNode coin = subscription.get("coin");
        if (type == null || coin == null || !coin.isTextual()) {
            return null;
        }
        switch (type) {
            case "candle" -> {
                JsonNode interval = subscription.get("interval");
                if (interval == null || !interval.isTextual() || !SimIntervals.isValid(interval.asText())) {
                    return null;
                }
                String key = mapper.createObjectNode().put("type", "candle").put("interval", interval.asText())
                        .put("coin", coin.asText()).toString();
                return new Sub(key, type, coin.asText(), interval.asText());
            }
            case "activeAssetCtx" -> {
                String key = mapper.createObjectNode().put("type", "activeAssetCtx").put("coin", coin.asText())
                        .toString();
                return new Sub(key, type, coin.asText(), null);
            }
            default -> {
                return null;
            }
        }
    }

    private void sendError(Conn c, String message) {
        send(c, mapper.createObjectNode().put("channel", "error").put("data", message).toString(), false);
    }

    /** One round at the clock's instant; returns the futures of the writes it made. */
    private List<CompletableFuture<Void>> emitRound() {
        Instant now = clock.get();
        long nowMs = now.toEpochMilli();
        Map<String, DataFrame> frames = new HashMap<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Conn c : conns.values()) {
            if (c.closed) {
                continue;
            }
            for (Sub sub : c.subs.values()) {
                if (sub.interval == null) {
                    DataFrame frame = frames.computeIfAbsent(sub.key, k -> new DataFrame(null, sub.coin, now));
                    sendData(c, frame, writes);
                    continue;
                }
                long open = SimIntervals.openMillis(sub.interval, nowMs);
                if (sub.lastOpen != Long.MIN_VALUE && sub.lastOpen < open) {
                    long previous = sub.lastOpen;
                    sendData(c, frames.computeIfAbsent(sub.key + previous,
                            k -> candleFrame(sub, previous, now)), writes);
                }
                sub.lastOpen = open;
                sendData(c, frames.computeIfAbsent(sub.key + open, k -> candleFrame(sub, open, now)), writes);
            }
        }
        return writes;
    }

    private DataFrame candleFrame(Sub sub, long open, Instant now) {
        return new DataFrame(truth.candle(sub.coin, sub.interval, Instant.ofEpochMilli(open), now), sub.coin, now);
    }

    /** Applies the data-frame faults (silence first, so a silenced socket consumes none). */
    private void sendData(Conn c, DataFrame frame, List<CompletableFuture<Void>> writes) {
        if (c.closed) {
            return;
        }
        if (faults.isSilenced(c.id)) {
            stats.silenced();
            return;
        }
        Optional<WsFaults.Malformed> bad = faults.takeMalformed();
        String text = bad.map(frame::corrupt).orElseGet(frame::json);
        int copies = faults.takeDuplicate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            if (c.held != null) {
                String held = c.held;
                c.held = null;
                writes.add(send(c, text, true));
                writes.add(send(c, held, true));
            } else if (faults.takeSwap()) {
                c.held = text;
            } else {
                writes.add(send(c, text, true));
            }
        }
    }

    /** Sends one frame, honouring silence and delay; the future completes once it was written (or dropped). */
    private CompletableFuture<Void> send(Conn c, String text, boolean data) {
        if (c.closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (faults.isSilenced(c.id)) {
            stats.silenced();
            return CompletableFuture.completedFuture(null);
        }
        long delayNanos = faults.delay().toNanos();
        if (delayNanos == 0 && c.delayed.isEmpty()) {
            return write(c, text, data);
        }
        Delayed d = new Delayed(System.nanoTime() + delayNanos, text, data, new CompletableFuture<>());
        c.delayed.addLast(d);
        armDelay(c);
        return d.written();
    }

    private void armDelay(Conn c) {
        Delayed head = c.delayed.peekFirst();
        if (head == null || c.delayTimer != -1 || c.closed) {
            return;
        }
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(head.atNanos() - System.nanoTime() + 999_999));
        c.delayTimer = vertx.setTimer(ms, id -> {
            c.delayTimer = -1;
            long now = System.nanoTime();
            while (!c.delayed.isEmpty() && c.delayed.peekFirst().atNanos() - now <= 500_000) {
                Delayed d = c.delayed.removeFirst();
                write(c, d.text(), d.data()).whenComplete((v, e) -> d.written().complete(null));
            }
            armDelay(c);
        });
    }

    private CompletableFuture<Void> write(Conn c, String text, boolean data) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (c.closed) {
            written.complete(null);
            return written;
        }
        c.lastSentNanos = System.nanoTime();
        stats.sent(data);
        try {
            c.ws.writeTextMessage(text).onComplete(ar -> written.complete(null));
        } catch (RuntimeException e) {
            LOG.debug("WebSocket {} write failed", c.id, e);
            written.complete(null);
        }
        return written;
    }

    /** Writes {@code frames[from..]} to {@code c}, pausing while its write queue is full. */
    private void pump(Conn c, String[] frames, int from, CompletableFuture<Void> done) {
        int i = from;
        while (i < frames.length) {
            if (c.closed) {
                done.complete(null);
                return;
            }
            if (c.ws.writeQueueFull()) {
                int resume = i;
                c.ws.drainHandler(v -> {
                    c.ws.drainHandler(null);
                    pump(c, frames, resume, done);
                });
                return;
            }
            stats.sent(true);
            try {
                if (i == frames.length - 1) {
                    c.ws.writeTextMessage(frames[i]).onComplete(ar -> done.complete(null));
                } else {
                    c.ws.writeTextMessage(frames[i]);
                }
            } catch (RuntimeException e) {
                done.complete(null);
                return;
            }
            i++;
        }
        c.lastSentNanos = System.nanoTime();
        if (frames.length == 0) {
            done.complete(null);
        }
    }

    private int dropAllNow() {
        if (context == null) {
            return 0;
        }
        return call(() -> {
            int n = 0;
            for (Conn c : conns.values()) {
                if (c.closed) {
                    continue;
                }
                n++;
                stats.drop();
                if (c.connection instanceof ConnectionBase base) {
                    abort(base.channel());
                } else {
                    c.ws.close((short) 1011, "dropped by simulator fault");
                }
            }
            return n;
        });
    }

    /**
     * Closes the TCP connection with a reset, below Vert.x (whose handler would turn a close into a graceful
     * WebSocket close): the outbound close starts at the first pipeline handler and so goes straight to the socket.
     */
    private static void abort(Channel channel) {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        ChannelHandlerContext first = channel.pipeline().firstContext();
        if (first != null) {
            first.close();
        } else {
            channel.close();
        }
    }

    private void restartEmitTimer() {
        if (emitTimer != -1) {
            vertx.cancelTimer(emitTimer);
            emitTimer = -1;
        }
        Duration period = emitPeriod;
        if (!period.isZero()) {
            emitTimer = vertx.setPeriodic(period.toMillis(), id -> {
                try {
                    emitRound();
                } catch (RuntimeException e) {
                    LOG.error("WebSocket emission round failed", e);
                }
            });
        }
    }

    private void restartIdleTimer() {
        if (idleTimer != -1) {
            vertx.cancelTimer(idleTimer);
        }
        long sweep = Math.max(5, Math.min(1000, idleCloseAfter.toMillis() / 5));
        idleTimer = vertx.setPeriodic(sweep, id -> closeIdle());
    }

    private void closeIdle() {
        long now = System.nanoTime();
        long limit = idleCloseAfter.toNanos();
        for (Conn c : conns.values()) {
            if (!c.closed && now - c.lastSentNanos >= limit) {
                stats.idleClose();
                c.closed = true;
                c.ws.close((short) 1000, "idle");
            }
        }
    }

    // ---------------------------------------------------------------- threading helpers

    private void runOnLoopIfAttached(Runnable task) {
        Context ctx = context;
        if (ctx == null) {
            return;
        }
        if (Thread.currentThread() == loopThread) {
            task.run();
        } else {
            ctx.runOnContext(v -> {
                if (context == ctx) {
                    task.run();
                }
            });
        }
    }

    /** Runs {@code task} on the event loop and waits for its result. */
    private <T> T call(Callable<T> task) {
        Context ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("simulator not started");
        }
        if (Thread.currentThread() == loopThread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return await(result, WAIT_SECONDS);
    }

    private void requireOffLoop(String what) {
        if (Thread.currentThread() == loopThread) {
            throw new IllegalStateException(what + "() would block the simulator's event loop");
        }
    }

    private static <T> T await(CompletableFuture<T> future, long seconds) {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("WebSocket simulator: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("WebSocket simulator: timed out", e);
        }
    }
}
