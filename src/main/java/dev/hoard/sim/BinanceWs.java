package dev.hoard.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Binance combined kline stream at {@code ws://127.0.0.1:<port>/binance/stream?streams=a/b/c}
 * (UPSTREAMS.md §3.4). Stream names are {@code <symbol>@kline_<interval>} in lower case; at most
 * {@value #MAX_STREAMS} per connection; a bad name or too many is 400 at the handshake. Clients send nothing.
 *
 * <p>Emission is in rounds, like {@link HyperliquidWs}: a round reads the clock once ({@code now}) and, for every
 * socket and each of its streams, first sends the kline the previous round sent once more with its final values and
 * {@code "x":true} if {@code now} has passed its close, then the kline containing {@code now} with {@code "x":false}.
 * Each event is {@code {"stream":name,"data":{"e":"kline","E":now,"s":SYMBOL,"k":{t,T,s,i,f,L,o,c,h,l,v,n,x,q,V,Q,B}}}}.
 * Rounds run on demand ({@link #emitNow()}, the default) or every period ({@link #emitEvery}).
 *
 * <p>The server sends WebSocket ping frames ({@link #pingNow()}, or {@link #pingEvery} like Binance's 3 minutes) and
 * counts the pong frames that come back ({@link #pongsReceived()}). {@link #dropAll()} closes every connection
 * without a close frame, as the 24-hour limit or a network fault would.
 */
public final class BinanceWs {

    public static final String PATH = "/binance/stream";
    public static final int MAX_STREAMS = 200;
    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)@kline_(\\w+)");

    private final BinanceGroundTruth truth;
    private final LongSupplier clock;
    private final Map<Long, Conn> conns = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong maxOpen = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final List<Integer> streamsPerConnection = new ArrayList<>();
    private volatile Vertx vertx;
    private volatile Context context;
    private long emitTimer = -1;
    private long pingTimer = -1;

    private static final class Stream {
        final String name;
        final String symbol;
        final String interval;
        long lastOpen = Long.MIN_VALUE;

        Stream(String name, String symbol, String interval) {
            this.name = name;
            this.symbol = symbol;
            this.interval = interval;
        }
    }

    private record Conn(long id, ServerWebSocket ws, HttpConnection connection, List<Stream> streams) {
    }

    BinanceWs(BinanceGroundTruth truth, LongSupplier clock) {
        this.truth = truth;
        this.clock = clock;
    }

    void attach(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    void detach() {
        vertx = null;
        context = null;
        synchronized (conns) {
            conns.clear();
        }
        open.set(0);
    }

    /** Handles the upgrade of {@link #PATH}; runs on the event loop. */
    void upgrade(HttpServerRequest request) {
        String param = request.getParam("streams");
        List<Stream> streams = new ArrayList<>();
        for (String name : param == null ? new String[0] : param.split("/")) {
            Matcher m = NAME.matcher(name);
            String symbol = m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : null;
            if (symbol == null || !truth.isSymbol(symbol) || !BinanceGroundTruth.isInterval(m.group(2))) {
                request.response().setStatusCode(400).end("{\"code\":-1121,\"msg\":\"Invalid stream name: " + name + "\"}");
                return;
            }
            streams.add(new Stream(name, symbol, m.group(2)));
        }
        if (streams.isEmpty() || streams.size() > MAX_STREAMS) {
            request.response().setStatusCode(400).end("{\"code\":-1000,\"msg\":\"1 to " + MAX_STREAMS + " streams\"}");
            return;
        }
        HttpConnection connection = request.connection();
        request.toWebSocket().onSuccess(ws -> {
            Conn c = new Conn(ids.incrementAndGet(), ws, connection, streams);
            synchronized (conns) {
                conns.put(c.id(), c);
                streamsPerConnection.add(streams.size());
            }
            opened.incrementAndGet();
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            ws.pongHandler(pong -> pongs.incrementAndGet());
            ws.textMessageHandler(text -> { }); // clients send nothing the simulator needs
            ws.closeHandler(v -> {
                synchronized (conns) {
                    if (conns.remove(c.id()) != null) {
                        open.decrementAndGet();
                    }
                }
            });
        });
    }

    /** One emission round now; returns the frames written, once they were. */
    public int emitNow() {
        Context ctx = context;
        if (ctx == null) {
            return 0;
        }
        CompletableFuture<List<Future<Void>>> round = new CompletableFuture<>();
        ctx.runOnContext(v -> round.complete(emitRound()));
        List<Future<Void>> writes = round.join();
        CompletableFuture.allOf(writes.stream().map(f -> f.toCompletionStage().toCompletableFuture()
                .exceptionally(e -> null)).toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        return writes.size();
    }

    /** Real-time mode: a round every {@code period}; zero or negative stops it. */
    public synchronized void emitEvery(Duration period) {
        emitTimer = periodic(emitTimer, period, this::emitRound);
    }

    /** Sends a ping frame to every open socket. */
    public void pingNow() {
        Context ctx = context;
        if (ctx != null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                pingRound();
                done.complete(null);
            });
            done.join();
        }
    }

    /** A ping frame to every socket every {@code period} (Binance: 3 minutes); zero stops it. */
    public synchronized void pingEvery(Duration period) {
        pingTimer = periodic(pingTimer, period, this::pingRound);
    }

    /** Closes every open connection at the TCP level, without a close frame. */
    public void dropAll() {
        Context ctx = context;
        if (ctx != null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                dropOnLoop();
                done.complete(null);
            });
            done.join();
        }
    }

    /** {@link #emitNow()} for callers on the simulator's event loop (the admin API): does not wait. */
    int emitOnLoop() {
        return emitRound().size();
    }

    int pingOnLoop() {
        int before = (int) pings.get();
        pingRound();
        return (int) pings.get() - before;
    }

    int dropOnLoop() {
        List<Conn> all = snapshot();
        for (Conn c : all) {
            dropped.incrementAndGet();
            c.connection().close();
        }
        return all.size();
    }

    public long connectionsOpened() {
        return opened.get();
    }

    public long openConnections() {
        return open.get();
    }

    public long maxConcurrentConnections() {
        return maxOpen.get();
    }

    public long pongsReceived() {
        return pongs.get();
    }

    public long pingsSent() {
        return pings.get();
    }

    public long framesSent() {
        return frames.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** How many streams each connection opened so far named, in connection order. */
    public List<Integer> streamsPerConnection() {
        synchronized (conns) {
            return List.copyOf(streamsPerConnection);
        }
    }

    /** The stream names of the open connections, in connection order. */
    public List<List<String>> openStreams() {
        return snapshot().stream().map(c -> c.streams().stream().map(s -> s.name).toList()).toList();
    }

    private List<Conn> snapshot() {
        synchronized (conns) {
            return List.copyOf(conns.values());
        }
    }

    private long periodic(long timer, Duration period, Runnable task) {
        Vertx v = vertx;
        if (v == null) {
            throw new IllegalStateException("simulator not started");
        }
        if (timer >= 0) {
            v.cancelTimer(timer);
        }
        return period.isZero() || period.isNegative() ? -1 : v.setPeriodic(period.toMillis(), id -> task.run());
    }

    private void pingRound() {
        for (Conn c : snapshot()) {
            pings.incrementAndGet();
            c.ws().writeFrame(WebSocketFrame.pingFrame(Buffer.buffer("sim")));
        }
    }

    private List<Future<Void>> emitRound() {
        long now = clock.getAsLong();
        List<Future<Void>> writes = new ArrayList<>();
        for (Conn c : snapshot()) {
            for (Stream s : c.streams()) {
                long current = BinanceGroundTruth.openMillis(s.interval, now);
                if (current < BinanceGroundTruth.LISTED_FROM.toEpochMilli()) {
                    continue;
                }
                if (s.lastOpen != Long.MIN_VALUE && s.lastOpen < current) {
                    writes.add(write(c, s, truth.kline(s.symbol, s.interval, s.lastOpen, now), now));
                }
                writes.add(write(c, s, truth.kline(s.symbol, s.interval, current, now), now));
                s.lastOpen = current;
            }
        }
        return writes;
    }

    private Future<Void> write(Conn c, Stream s, BinanceGroundTruth.Kline k, long now) {
        frames.incrementAndGet();
        return c.ws().writeTextMessage(event(s.name, k, now));
    }

    static String event(String stream, BinanceGroundTruth.Kline k, long eventTime) {
        long firstTrade = Math.floorMod(BinanceGroundTruth.mix(k.openTime()), 1_000_000_000L);
        return "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"kline\",\"E\":" + eventTime + ",\"s\":\"" + k.symbol()
                + "\",\"k\":{\"t\":" + k.openTime() + ",\"T\":" + k.closeTime() + ",\"s\":\"" + k.symbol() + "\",\"i\":\""
                + k.interval() + "\",\"f\":" + firstTrade + ",\"L\":" + (firstTrade + Math.max(0, k.trades() - 1))
                + ",\"o\":\"" + k.open().toPlainString() + "\",\"c\":\"" + k.close().toPlainString() + "\",\"h\":\""
                + k.high().toPlainString() + "\",\"l\":\"" + k.low().toPlainString() + "\",\"v\":\""
                + k.volume().toPlainString() + "\",\"n\":" + k.trades() + ",\"x\":" + k.closed() + ",\"q\":\""
                + k.quoteVolume().toPlainString() + "\",\"V\":\"" + k.takerBuyBase().toPlainString() + "\",\"Q\":\""
                + k.takerBuyQuote().toPlainString() + "\",\"B\":\"0\"}}}";
    }
}
