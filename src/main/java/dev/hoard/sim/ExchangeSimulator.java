package dev.hoard.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP and WebSocket server that imitates Hoard's upstreams, for tests and for {@code java -jar hoard.jar simulate}.
 * It listens on {@code 127.0.0.1} and runs on its own Vert.x instance (one event loop).
 *
 * <h2>Upstreams</h2>
 * Each upstream is a module mounted under a path prefix:
 * <ul>
 *   <li>{@code POST /hyperliquid/info} — the Hyperliquid info API ({@link HyperliquidSim}: meta, metaAndAssetCtxs,
 *       candleSnapshot, fundingHistory); point {@code hoard.hyperliquid.rest-url} at {@link #hyperliquidRestUrl()}.</li>
 *   <li>{@code GET /hyperliquid/ws} (WebSocket upgrade) — the Hyperliquid WebSocket ({@link HyperliquidWs}: candle and
 *       activeAssetCtx subscriptions, ping/pong, the 60 s idle rule); point {@code hoard.hyperliquid.ws-url} at
 *       {@link #hyperliquidWsUrl()}. Emission is manual ({@code hyperliquid().ws().emitNow()}) until
 *       {@code hyperliquid().ws().emitEvery(HyperliquidWs.DEFAULT_REAL_TIME_PERIOD)} (or
 *       {@code POST /_sim/ws/config {"emitEveryMs":1000}}) turns on real time.</li>
 *   <li>{@code GET /defillama/…} — DefiLlama's TVL, fees and prices paths, and its Pro layout under
 *       {@code /defillama/pro/{key}} ({@link DefiLlamaSim}); see {@link #defillamaUrl()}.</li>
 *   <li>{@code GET /artemis/data/api/…} — Artemis ({@link ArtemisSim}); see {@link #artemisUrl()}.</li>
 *   <li>{@code GET /binance/fapi/v1/klines}, {@code /binance/fapi/v1/exchangeInfo} — Binance USD-M futures with its
 *       weight headers and limiter ({@link BinanceSim}); {@code GET /binance/stream?streams=…} (WebSocket upgrade) —
 *       the combined kline stream ({@link BinanceWs}). See {@link #binanceRestUrl()} and {@link #binanceWsUrl()}.</li>
 * </ul>
 * Every upstream HTTP request is counted (see {@link #requestCount(String)}) and then goes through {@link #faults()};
 * WebSocket traffic has its own knobs and counters ({@code hyperliquid().ws().faults()} / {@code .stats()}).
 *
 * <h2>Admin API</h2>
 * <ul>
 *   <li>{@code POST /_sim/faults} with a JSON object adds HTTP faults; answers the fault state. Fields (combinable):
 *     <ul>
 *       <li>{@code {"status":429,"count":2}} — answer the next {@code count} (default 1) requests with that
 *           status;</li>
 *       <li>{@code {"malformed":"LENGTH_MISMATCH","count":1}} — corrupt the next {@code count} (default 1)
 *           bodies that can carry that kind, see {@link SimFaults.Malformed};</li>
 *       <li>{@code {"drop":1}} — close the next connections without a response;</li>
 *       <li>{@code {"latencyMs":200}} — delay every response (0 turns it off).</li>
 *     </ul>
 *     Invalid input gets 400 and changes nothing.</li>
 *   <li>{@code GET /_sim/faults} — the fault state: {@code {"latencyMs":0,"drops":0,
 *       "statuses":[{"status":429,"remaining":2}],"malformed":[{"kind":"TRUNCATED","remaining":1}]}}.</li>
 *   <li>{@code DELETE /_sim/faults} — clears every fault and the latency.</li>
 *   <li>{@code GET /_sim/stats} — {@code {"requests":{"metaAndAssetCtxs":3,...},"faults":{...},
 *       "hyperliquidWeightLastMinute":60,"ws":{...same as GET /_sim/ws/stats without faults...}}}.</li>
 *   <li>{@code DELETE /_sim/stats} — resets the request counts.</li>
 *   <li>{@code POST /_sim/ws/faults} — adds WebSocket faults ({@link WsFaults}); answers their state. Fields
 *       (combinable, all optional but at least one):
 *     <ul>
 *       <li>{@code {"drop":true}} — close every open socket now, without a close frame;</li>
 *       <li>{@code {"silenceMs":5000}} — the sockets open now send nothing at all for that long;</li>
 *       <li>{@code {"malformed":2,"malformedKind":"WRONG_TYPE"}} — break the next 2 data frames
 *           ({@code NOT_JSON}, the default: cut in half; {@code WRONG_TYPE}: {@code "t":"oops"} /
 *           {@code "ctx":"oops"});</li>
 *       <li>{@code {"duplicate":1}} — send the next data frame twice;</li>
 *       <li>{@code {"swap":1}} — send the next two data frames of a socket in reverse order;</li>
 *       <li>{@code {"delayMs":300}} — delay every frame (0 turns it off);</li>
 *       <li>{@code {"refuse":2,"refuseStatus":429}} — reject the next 2 handshakes (status default 429).</li>
 *     </ul>
 *     Invalid input gets 400 and changes nothing.</li>
 *   <li>{@code GET /_sim/ws/faults}, {@code DELETE /_sim/ws/faults} — the WebSocket fault state
 *       ({@code {"delayMs":0,"silenceRemainingMs":0,"silencedUpToConnection":0,"malformed":[],"duplicates":0,
 *       "swaps":0,"refusals":[]}}); clear it.</li>
 *   <li>{@code GET /_sim/ws/stats} — {@code {"connectionsOpened":2,"openConnections":1,"maxConcurrentConnections":1,
 *       "subscribeMessagesPerConnection":[2,2],"unsubscribeMessages":0,"pingsReceived":3,"messagesReceived":7,
 *       "framesSent":12,"dataFramesSent":6,"framesSilenced":0,"idleClosed":0,"dropped":1,"refused":0,
 *       "faults":{...}}}; {@code DELETE /_sim/ws/stats} resets the counters.</li>
 *   <li>{@code GET|POST /_sim/ws/config} — {@code {"emitEveryMs":1000,"idleCloseMs":60000,"maxSubscriptions":1000}}
 *       ({@code emitEveryMs} 0 = manual emission).</li>
 *   <li>{@code POST /_sim/ws/emit} — run one emission round now; answers {@code {"frames":n}}.</li>
 *   <li>{@code GET|POST|DELETE /_sim/hyperliquid/weight} — {@code {"usedLastMinute":40,"limitPerMinute":0,
 *       "total":40,"rejected":0}}; POST {@code {"limitPerMinute":1200}} makes the info API answer 429 above it
 *       (0 = off, the default); DELETE forgets the weight used.</li>
 *   <li>{@code GET|POST|DELETE /_sim/binance/weight} — {@code {"usedLastMinute","total","rejected429","rejected418"}};
 *       POST {@code {"limitPerMinute":2400}} makes the Binance API answer 429, then 418, above it (0 = off); DELETE
 *       forgets the weight, the violations and a ban.</li>
 *   <li>{@code POST /_sim/binance/ws/emit}, {@code /ping}, {@code /drop} — one kline round, a ping frame to every
 *       socket, or every socket closed without a close frame; {@code POST /_sim/binance/ws/config}
 *       {@code {"emitEveryMs":250,"pingEveryMs":180000}}; {@code GET /_sim/binance/ws/stats}.</li>
 * </ul>
 * Example: {@code curl -X POST localhost:8089/_sim/faults -d '{"status":429,"count":2}'}.
 */
public final class ExchangeSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSimulator.class);
    private static final String HOST = "127.0.0.1";
    private static final long STARTUP_TIMEOUT_SECONDS = 30;

    private final int requestedPort;
    private final SimFaults faults = new SimFaults();
    private final RequestCounter counter = new RequestCounter();
    private final HyperliquidSim hyperliquid = new HyperliquidSim();
    private final BinanceSim binance = new BinanceSim();
    private final SimAdmin admin = new SimAdmin(faults, counter, hyperliquid, binance);
    private final DefiLlamaSim defillama = new DefiLlamaSim();
    private final ArtemisSim artemis = new ArtemisSim();
    private final List<SimModule> modules = List.of(hyperliquid, defillama, artemis, binance);

    private Vertx vertx;
    private HttpServer server;

    /** @param port the port to listen on, 0 to pick a free one */
    public ExchangeSimulator(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port: " + port);
        }
        this.requestedPort = port;
    }

    /** Starts listening; returns once the port is bound. */
    public synchronized ExchangeSimulator start() {
        if (vertx != null) {
            throw new IllegalStateException("simulator already started");
        }
        vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions()
                        .setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false)));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(HOST)
                .setPort(requestedPort)
                .setHttp2ClearTextEnabled(false);
        try {
            hyperliquid.ws().attach(vertx);
            binance.ws().attach(vertx);
            server = await(vertx.createHttpServer(options).requestHandler(this::handle).listen());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Exchange simulator listening on {}", baseUrl());
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("simulator not started");
        }
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /** The value for {@code hoard.hyperliquid.rest-url}: {@code <baseUrl>/hyperliquid}. */
    public String hyperliquidRestUrl() {
        return baseUrl() + HyperliquidSim.PREFIX;
    }

    /** The value for {@code hoard.hyperliquid.ws-url}: {@code ws://127.0.0.1:<port>/hyperliquid/ws}. */
    public String hyperliquidWsUrl() {
        return "ws://" + HOST + ":" + port() + HyperliquidWs.PATH;
    }

    /** The value for {@code hoard.defillama.url} and {@code hoard.defillama.coins-url}: {@code <baseUrl>/defillama}. */
    public String defillamaUrl() {
        return baseUrl() + DefiLlamaSim.PREFIX;
    }

    /** The value for {@code hoard.artemis.url}: {@code <baseUrl>/artemis}. */
    public String artemisUrl() {
        return baseUrl() + ArtemisSim.PREFIX;
    }

    /** The value for {@code hoard.binance.rest-url}: {@code <baseUrl>/binance}. */
    public String binanceRestUrl() {
        return baseUrl() + BinanceSim.PREFIX;
    }

    /** The value for {@code hoard.binance.ws-url}: {@code ws://127.0.0.1:<port>/binance} ({@code /stream} is appended). */
    public String binanceWsUrl() {
        return "ws://" + HOST + ":" + port() + BinanceSim.PREFIX;
    }

    public BinanceSim binance() {
        return binance;
    }

    public DefiLlamaSim defillama() {
        return defillama;
    }

    public ArtemisSim artemis() {
        return artemis;
    }

    public SimFaults faults() {
        return faults;
    }

    public HyperliquidSim hyperliquid() {
        return hyperliquid;
    }

    /** How many upstream requests arrived under {@code key} (for Hyperliquid: the info {@code type}). */
    public long requestCount(String key) {
        return counter.get(key);
    }

    public void resetCounts() {
        counter.reset();
    }

    /** Stops the server and its Vert.x instance; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (vertx == null) {
            return;
        }
        try {
            await(vertx.close());
        } finally {
            hyperliquid.ws().detach();
            binance.ws().detach();
            vertx = null;
            server = null;
        }
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals(HyperliquidWs.PATH)) {
            hyperliquid.ws().upgrade(request);
            return;
        }
        if (path.equals(BinanceWs.PATH)) {
            binance.ws().upgrade(request);
            return;
        }
        request.body()
                .onSuccess(body -> {
                    if (path.equals(SimAdmin.PREFIX) || path.startsWith(SimAdmin.PREFIX + "/")) {
                        write(request, admin.handle(request.method().name(), path, body.toString()));
                    } else {
                        serveUpstream(request, path, body);
                    }
                })
                .onFailure(e -> LOG.debug("Failed to read simulator request body for {}", path, e));
    }

    private void serveUpstream(HttpServerRequest request, String path, Buffer body) {
        SimModule module = moduleFor(path);
        if (module == null) {
            write(request, SimResponse.text(404, "Not Found"));
            return;
        }
        SimRequest simRequest = new SimRequest(request.method().name(),
                path.length() == module.prefix().length() ? "/" : path.substring(module.prefix().length()),
                params(request), body.toString());
        String key = module.requestKey(simRequest);
        if (key != null) {
            counter.increment(key);
        }
        Duration latency = faults.latency();
        Runnable reply = faults.takeInterception()
                .<Runnable>map(fault -> fault.drop()
                        ? () -> request.connection().close()
                        : () -> write(request, module.failure(fault.status())))
                .orElseGet(() -> {
                    SimResponse response = answer(module, simRequest);
                    return () -> write(request, response);
                });
        if (latency.isZero()) {
            reply.run();
        } else {
            vertx.setTimer(latency.toMillis(), id -> reply.run());
        }
    }

    /** The module's answer, stamped with the {@code Date} the module's clock says it was computed at. */
    private SimResponse answer(SimModule module, SimRequest request) {
        try {
            return module.answer(request, faults).withHeader("Date",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(module.now().atZone(ZoneOffset.UTC)));
        } catch (RuntimeException e) {
            LOG.error("Simulator module {} failed on {} {}", module.prefix(), request.method(), request.path(), e);
            return SimResponse.text(500, "simulator error: " + e);
        }
    }

    private SimModule moduleFor(String path) {
        for (SimModule module : modules) {
            if (path.equals(module.prefix()) || path.startsWith(module.prefix() + "/")) {
                return module;
            }
        }
        return null;
    }

    private static Map<String, String> params(HttpServerRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        request.params().forEach(entry -> params.putIfAbsent(entry.getKey(), entry.getValue()));
        return params;
    }

    private static void write(HttpServerRequest request, SimResponse response) {
        response.headers().forEach(request.response()::putHeader);
        request.response()
                .setStatusCode(response.status())
                .putHeader("content-type", response.contentType())
                .end(response.body());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("exchange simulator: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("exchange simulator: timed out", e);
        }
    }
}
