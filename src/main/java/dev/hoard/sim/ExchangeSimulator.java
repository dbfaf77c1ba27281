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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server that imitates Hoard's upstreams, for tests and for {@code java -jar hoard.jar simulate}.
 * It listens on {@code 127.0.0.1} and runs on its own Vert.x instance.
 *
 * <h2>Upstreams</h2>
 * Each upstream is a module mounted under a path prefix:
 * <ul>
 *   <li>{@code POST /hyperliquid/info} — the Hyperliquid info API ({@link HyperliquidSim}); point
 *       {@code hoard.hyperliquid.rest-url} at {@link #hyperliquidRestUrl()}.</li>
 *   <li>{@code GET /defillama/…} — DefiLlama's TVL, fees and prices paths, and its Pro layout under
 *       {@code /defillama/pro/{key}} ({@link DefiLlamaSim}); see {@link #defillamaUrl()}.</li>
 *   <li>{@code GET /artemis/data/api/…} — Artemis ({@link ArtemisSim}); see {@link #artemisUrl()}.</li>
 * </ul>
 * Every upstream request is counted (see {@link #requestCount(String)}) and then goes through {@link #faults()}.
 *
 * <h2>Admin API</h2>
 * <ul>
 *   <li>{@code POST /_sim/faults} with a JSON object adds faults; answers the fault state. Fields (combinable):
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
 *   <li>{@code GET /_sim/stats} — {@code {"requests":{"metaAndAssetCtxs":3,...},"faults":{...}}}.</li>
 *   <li>{@code DELETE /_sim/stats} — resets the request counts.</li>
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
    private final SimAdmin admin = new SimAdmin(faults, counter);
    private final HyperliquidSim hyperliquid = new HyperliquidSim();
    private final DefiLlamaSim defillama = new DefiLlamaSim();
    private final ArtemisSim artemis = new ArtemisSim();
    private final List<SimModule> modules = List.of(hyperliquid, defillama, artemis);

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

    /** The value for {@code hoard.defillama.url} and {@code hoard.defillama.coins-url}: {@code <baseUrl>/defillama}. */
    public String defillamaUrl() {
        return baseUrl() + DefiLlamaSim.PREFIX;
    }

    /** The value for {@code hoard.artemis.url}: {@code <baseUrl>/artemis}. */
    public String artemisUrl() {
        return baseUrl() + ArtemisSim.PREFIX;
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
            vertx = null;
            server = null;
        }
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
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

    private SimResponse answer(SimModule module, SimRequest request) {
        try {
            return module.answer(request, faults);
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
