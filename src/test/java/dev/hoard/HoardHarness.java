package dev.hoard;

import dev.hoard.sim.ExchangeSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The real Hoard application (camel-main, YAML routes, beans) started against a fresh database on
 * the test PostgreSQL and an in-process exchange simulator. Retries are fast so tests stay quick.
 */
public final class HoardHarness implements AutoCloseable {

    public final TestDatabase database;
    public final ExchangeSimulator simulator;
    public final int httpPort;
    private final boolean ownsDatabase;
    private final HoardApplication.Builder appBuilder;
    private HoardApplication app;

    private HoardHarness(TestDatabase database, ExchangeSimulator simulator, HoardApplication.Builder appBuilder,
                         int httpPort, boolean ownsDatabase) throws Exception {
        this.database = database;
        this.simulator = simulator;
        this.appBuilder = appBuilder;
        this.httpPort = httpPort;
        this.ownsDatabase = ownsDatabase;
        this.app = appBuilder.start();
    }

    /** Stops Hoard and starts it again on the same database and simulator, as an operator's restart. */
    public void restartApp() throws Exception {
        app.close(); // closing twice is harmless
        app = appBuilder.start();
    }

    public HoardApplication app() {
        return app;
    }

    /** A bean Hoard bound, by name. */
    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    public static Builder builder() {
        return new Builder();
    }

    public CamelContext context() {
        return app.context();
    }

    /** Takes one funding snapshot through the route, as the timer and the CLI do. */
    public Exchange takeSnapshot() {
        return context().createProducerTemplate().send("direct:hyperliquid-funding-snapshot", exchange -> { });
    }

    public long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public String apiUrl(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            try {
                simulator.close();
            } finally {
                if (ownsDatabase) {
                    database.close();
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Clock clock;
        private Clock simulatorClock;
        private TestDatabase sharedDatabase;
        private java.util.function.Consumer<ExchangeSimulator> beforeStart = simulator -> { };

        private Builder() {
            properties.put("hoard.schedules.enabled", "false");
            properties.put("hoard.live.enabled", "false");
            properties.put("hoard.retry.max-redeliveries", "4");
            properties.put("hoard.retry.initial-delay-ms", "5");
            properties.put("hoard.retry.max-delay-ms", "50");
            properties.put("hoard.gap-repair.check-period-ms", "100");
            properties.put("hoard.gap-repair.retry-initial-ms", "100");
            properties.put("hoard.gap-repair.retry-max-ms", "1000");
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Hoard's clock and the simulator's, pinned together. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            this.simulatorClock = clock;
            return this;
        }

        /** Runs on {@code database}, which outlives the harness (to restart Hoard on the same data). */
        public Builder database(TestDatabase database) {
            this.sharedDatabase = database;
            return this;
        }

        /** Prepares the simulator (its faults, say) before Hoard starts and first calls it. */
        public Builder simulator(java.util.function.Consumer<ExchangeSimulator> preparation) {
            this.beforeStart = preparation;
            return this;
        }

        public HoardHarness start() throws Exception {
            TestDatabase database = sharedDatabase != null ? sharedDatabase : TestDatabase.create();
            ExchangeSimulator simulator = new ExchangeSimulator(0).start();
            if (simulatorClock != null) {
                simulator.hyperliquid().clock(simulatorClock);
                simulator.defillama().clock(simulatorClock);
                simulator.artemis().clock(simulatorClock);
                simulator.binance().clock(simulatorClock);
            }
            beforeStart.accept(simulator);
            int port = freePort();
            HoardApplication.Builder builder = HoardApplication.builder()
                    .property("hoard.database.url", database.url())
                    .property("hoard.http.port", String.valueOf(port))
                    .property("hoard.hyperliquid.rest-url", simulator.hyperliquidRestUrl())
                    .property("hoard.hyperliquid.ws-url", simulator.hyperliquidWsUrl())
                    .property("hoard.defillama.url", simulator.defillamaUrl())
                    .property("hoard.defillama.coins-url", simulator.defillamaUrl())
                    .property("hoard.defillama.pro-url", simulator.defillamaUrl() + "/pro")
                    .property("hoard.artemis.url", simulator.artemisUrl())
                    .property("hoard.binance.rest-url", simulator.binanceRestUrl())
                    .property("hoard.binance.ws-url", simulator.binanceWsUrl());
            properties.forEach(builder::property);
            if (clock != null) {
                builder.bean(HoardBeans.CLOCK, clock);
            }
            try {
                return new HoardHarness(database, simulator, builder, port, sharedDatabase == null);
            } catch (Exception e) {
                simulator.close();
                if (sharedDatabase == null) {
                    database.close();
                }
                throw e;
            }
        }
    }
}
