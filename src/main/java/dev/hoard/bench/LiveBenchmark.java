package dev.hoard.bench;

import dev.hoard.HoardApplication;
import dev.hoard.db.DatabaseUrl;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.sim.HyperliquidGroundTruth;
import dev.hoard.upstream.hyperliquid.InfoRequests;
import dev.hoard.model.CandleInterval;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The live-path benchmarks of BENCHMARKS.md, driven by the exchange simulator's Hyperliquid
 * WebSocket with synthetic coins (SIM0000…):
 * <ul>
 *   <li>capacity: candle frames per second through parse, aggregate and write, next to the rate
 *       at which a bare WebSocket client merely receives the same frames (the ceiling);</li>
 *   <li>freshness: from a candle's close to its final row being committed, p50 and p99.</li>
 * </ul>
 * Memory is measured by {@link LiveMemoryBenchmark}, in a separate process.
 */
public final class LiveBenchmark {

    private final String databaseUrl;
    private final DatabaseUrl url;

    public LiveBenchmark(String databaseUrl) {
        this.databaseUrl = databaseUrl;
        this.url = DatabaseUrl.parse(databaseUrl);
    }

    /** Frames per second merely received (ceiling), taken in by Hoard's routes, and through to committed rows. */
    public record Capacity(long frames, double ceilingFramesPerSecond, double consumedFramesPerSecond,
                           double hoardFramesPerSecond) {
    }

    public record Freshness(long finals, double p50Millis, double p99Millis, double maxMillis) {
    }

    /**
     * {@code instruments} candle subscriptions, {@code framesPerSubscription} candles each. Each
     * side first takes one blast to warm up (JIT, pools, caches), then the measured blast, whose
     * candles lie a day later so every one of them is new and ends as a final row.
     */
    public Capacity capacity(int instruments, int framesPerSubscription) throws Exception {
        try (ExchangeSimulator simulator = new ExchangeSimulator(0).start()) {
            rawReceiveRate(simulator, instruments, framesPerSubscription);
            simulator.hyperliquid().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
            double ceiling = rawReceiveRate(simulator, instruments, framesPerSubscription);
            simulator.hyperliquid().clock(Clock.systemUTC());
            simulator.hyperliquid().ws().reset();
            Path catalog = catalog(instruments, false);
            resetDatabase();
            try (HoardApplication app = hoard(simulator, catalog).start()) {
                awaitTrue(() -> simulator.hyperliquid().ws().stats().subscribeMessages() >= instruments, Duration.ofMinutes(2));
                long warmupFinals = (long) instruments * (framesPerSubscription - 1);
                simulator.hyperliquid().ws().blast(framesPerSubscription);
                awaitTrue(() -> count("SELECT count(*) FROM candles WHERE is_final") >= warmupFinals, Duration.ofMinutes(10));

                simulator.hyperliquid().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
                long expectedFinals = warmupFinals + (long) instruments * framesPerSubscription;
                double framesBefore = framesConsumed();
                long expectedFrames = (long) instruments * framesPerSubscription;
                long start = System.nanoTime();
                var blast = simulator.hyperliquid().ws().blastAsync(framesPerSubscription);
                awaitTrue(() -> framesConsumed() - framesBefore >= expectedFrames, Duration.ofMinutes(10));
                double consumedSeconds = (System.nanoTime() - start) / 1e9;
                awaitTrue(() -> count("SELECT count(*) FROM candles WHERE is_final") >= expectedFinals, Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - start) / 1e9;
                long frames = blast.get();
                return new Capacity(frames, ceiling, frames / consumedSeconds, frames / seconds);
            }
        }
    }

    /** Real-time emission every 100 ms for {@code minutes} minute boundaries; freshness of the finals. */
    public Freshness freshness(int instruments, int minutes) throws Exception {
        try (ExchangeSimulator simulator = new ExchangeSimulator(0).start()) {
            Path catalog = catalog(instruments, true);
            resetDatabase();
            try (HoardApplication app = hoard(simulator, catalog).start()) {
                awaitTrue(() -> simulator.hyperliquid().ws().stats().subscribeMessages() >= 2L * instruments,
                        Duration.ofMinutes(2));
                simulator.hyperliquid().ws().emitEvery(Duration.ofMillis(100));
                long firstClose = (System.currentTimeMillis() / 60_000 + 1) * 60_000;
                long lastClose = firstClose + (minutes - 1) * 60_000L;
                awaitTrue(() -> System.currentTimeMillis() > lastClose + 3_000, Duration.ofMinutes(minutes + 2));
                awaitTrue(() -> count("SELECT count(*) FROM candles WHERE is_final AND close_time >= to_timestamp("
                        + firstClose / 1000.0 + ") - interval '1 ms'") >= (long) instruments * minutes, Duration.ofMinutes(1));
                simulator.hyperliquid().ws().emitEvery(Duration.ZERO);
                try (Connection c = connect(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("""
                             SELECT count(*),
                                    percentile_cont(0.5) WITHIN GROUP (ORDER BY d),
                                    percentile_cont(0.99) WITHIN GROUP (ORDER BY d), max(d)
                               FROM (SELECT extract(epoch FROM updated_at - (close_time + interval '1 ms')) * 1000 AS d
                                       FROM candles WHERE is_final AND close_time >= to_timestamp(%f) - interval '1 ms') x"""
                             .formatted(firstClose / 1000.0))) {
                    rs.next();
                    return new Freshness(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
                }
            }
        }
    }

    private static double framesConsumed() {
        return io.micrometer.core.instrument.Metrics.globalRegistry.find("hoard.stream.frames").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private HoardApplication.Builder hoard(ExchangeSimulator simulator, Path catalog) {
        return HoardApplication.builder()
                .property("hoard.database.url", databaseUrl)
                .property("hoard.http.port", String.valueOf(freePort()))
                .property("hoard.schedules.enabled", "false")
                .property("hoard.catalog.file", catalog.toString())
                .property("hoard.hyperliquid.rest-url", simulator.hyperliquidRestUrl())
                .property("hoard.hyperliquid.ws-url", wsUrl(simulator))
                .property("hoard.hyperliquid.gap-repair.enabled", "false");
    }

    /** A bare Vert.x client with Hoard's sharding that only counts the candle frames it receives. */
    private static double rawReceiveRate(ExchangeSimulator simulator, int instruments, int framesPerSubscription)
            throws Exception {
        simulator.hyperliquid().ws().reset();
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketClient client = vertx.createWebSocketClient();
            AtomicLong candles = new AtomicLong();
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < instruments; i++) {
                messages.add(InfoRequests.subscribeCandle(HyperliquidGroundTruth.syntheticCoin(i), CandleInterval.M1));
            }
            int perConnection = 250;
            CountDownLatch connected = new CountDownLatch((instruments + perConnection - 1) / perConnection);
            java.net.URI uri = java.net.URI.create(wsUrl(simulator));
            for (int from = 0; from < messages.size(); from += perConnection) {
                List<String> shard = messages.subList(from, Math.min(messages.size(), from + perConnection));
                client.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort()).setURI(uri.getPath()))
                        .onSuccess(ws -> {
                            ws.textMessageHandler(text -> {
                                if (text.startsWith("{\"channel\":\"candle\"")) {
                                    candles.incrementAndGet();
                                }
                            });
                            shard.forEach(ws::writeTextMessage);
                            connected.countDown();
                        });
            }
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw client did not connect to the simulator");
            }
            awaitTrue(() -> simulator.hyperliquid().ws().stats().subscribeMessages() >= instruments, Duration.ofMinutes(1));
            candles.set(0);
            long start = System.nanoTime();
            long frames = simulator.hyperliquid().ws().blast(framesPerSubscription);
            awaitTrue(() -> candles.get() >= frames, Duration.ofMinutes(5));
            return frames / ((System.nanoTime() - start) / 1e9);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    static Path catalog(int instruments, boolean contexts) throws IOException {
        StringBuilder yaml = new StringBuilder("starlistings:\n");
        for (int i = 0; i < instruments; i++) {
            yaml.append("  - {exchange: hyperliquid, coin: ").append(HyperliquidGroundTruth.syntheticCoin(i))
                    .append(", quote: USD, market_type: perps, intervals: [1m], funding: ").append(contexts)
                    .append(", open_interest: ").append(contexts).append("}\n");
        }
        Path file = Files.createTempFile("hoard-bench-catalog", ".yaml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        return file;
    }

    static String wsUrl(ExchangeSimulator simulator) {
        return simulator.hyperliquidWsUrl();
    }

    private void resetDatabase() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT 1 FROM pg_tables WHERE tablename = 'candles'");
            try (ResultSet rs = s.getResultSet()) {
                if (rs.next()) {
                    s.execute("TRUNCATE candles, funding_rates, open_interest");
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private long count(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not reached within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
