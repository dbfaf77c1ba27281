package dev.hoard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Hoard as a camel-main application: the top-level {@code application.properties}, the YAML routes
 * in {@code routes/}, and the beans of {@link HoardBeans}. The CLI, the demo and the tests all start
 * it through here, with their own property overrides.
 */
public final class HoardApplication implements AutoCloseable {

    private final Main main;
    private final AutoCloseable stopRegistration;

    private HoardApplication(Main main, AutoCloseable stopRegistration) {
        this.main = main;
        this.stopRegistration = stopRegistration;
    }

    /** A builder of overrides; they win over application.properties and the environment. */
    public static Builder builder() {
        return new Builder();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /**
     * Stops the routes, then the database. A job stopped by a signal was interrupted: the flag is
     * cleared first, so that the stop itself (Camel's, pg_ctl's) is not cut short by it.
     */
    @Override
    public void close() {
        try {
            stopRegistration.close();
            Thread.interrupted();
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Hoard did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /**
     * Binds the shared beans of {@link HoardBeans} before Camel reads the route files, whose own
     * {@code - beans:} blocks name them ({@code #bean:dataSource}): camel-main creates route-file
     * beans while it scans the routes, before it would run a configuration class.
     */
    private static final class SharedBeansFirst extends MainListenerSupport {
        @Override
        public void beforeConfigure(BaseMainSupport main) {
            try {
                new HoardBeans().configure(main.getCamelContext());
            } catch (Exception e) {
                throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
            }
        }
    }

    public static final class Builder {
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<String, Object> beans = new LinkedHashMap<>();
        private Consumer<CamelContext> onReady = context -> { };

        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Binds a bean before Hoard's own (a clock, for instance) so that Hoard uses it. */
        public Builder bean(String name, Object bean) {
            beans.put(name, bean);
            return this;
        }

        /**
         * For one-shot commands: only the routes of the job start (their ids; none: no route at all), and
         * nothing else that would connect or write: no live stream, gap repair, timer, HTTP server, API
         * route, Jolokia agent or catalog sync.
         */
        public Builder job(String... routeIds) {
            property("hoard.schedules.enabled", "false");
            property("hoard.live.enabled", "false");
            property("hoard.catalog.sync-at-start", "false");
            property("hoard.jolokia.enabled", "false");
            property("camel.server.enabled", "false");
            property("camel.main.routes-exclude-pattern", "**/api*.camel.yaml");
            if (routeIds.length == 0) {
                property("camel.main.route-filter-exclude-pattern", "*");
            } else {
                property("camel.main.route-filter-include-pattern", String.join(",", List.of(routeIds)));
            }
            return this;
        }

        /** Runs once every route has been started (or handed to the route controller to retry). */
        public Builder onReady(Consumer<CamelContext> action) {
            this.onReady = action;
            return this;
        }

        /**
         * A setting as Hoard would see it (overrides, environment, application.properties), read
         * without starting anything: commands check their arguments against it first.
         */
        public Optional<String> setting(String key) {
            DefaultCamelContext context = new DefaultCamelContext(false);
            try {
                PropertiesComponent properties = context.getPropertiesComponent();
                properties.setLocation(HoardHome.camelLocation("application.properties"));
                Properties override = new Properties();
                override.putAll(overrides);
                properties.setOverrideProperties(override);
                return properties.resolveProperty(key);
            } finally {
                context.stop();
            }
        }

        private Main create() {
            Main main = new Main();
            main.setDefaultPropertyPlaceholderLocation(HoardHome.camelLocation("application.properties"));
            main.configure().withRoutesIncludePattern(HoardHome.camelLocation("routes") + "/*.camel.yaml");
            main.addMainListener(new SharedBeansFirst());
            Consumer<CamelContext> ready = onReady;
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport started) {
                    ready.accept(started.getCamelContext());
                }
            });
            if (StopSignals.installed() && main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy strategy) {
                strategy.disableHangupSupport(); // StopSignals stops Hoard in order; no shutdown hook races it
            }
            beans.forEach(main::bind);
            Properties properties = new Properties();
            properties.putAll(overrides);
            main.setOverrideProperties(properties);
            return main;
        }

        /**
         * Starts Hoard and returns once every route has started. A stop signal meanwhile interrupts the
         * calling thread (the job's), which then closes the application.
         */
        public HoardApplication start() throws Exception {
            Main main = create();
            Thread job = Thread.currentThread();
            AutoCloseable registration = StopSignals.whileRunning(job::interrupt, StopSignals.GRACE);
            try {
                main.start();
            } catch (Exception | Error e) {
                registration.close();
                Thread.interrupted();
                try {
                    main.stop(); // what did start (the database) stops again
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                throw e;
            }
            return new HoardApplication(main, registration);
        }

        /** Starts Hoard and blocks until a stop signal (or the JVM's shutdown) ends the run. */
        public void run() throws Exception {
            Main main = create();
            try (AutoCloseable registration = StopSignals.whileRunning(main::completed, null)) {
                main.run();
            }
        }
    }
}
