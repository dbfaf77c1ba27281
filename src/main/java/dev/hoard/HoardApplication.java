package dev.hoard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Hoard as a camel-main application: the top-level {@code application.properties}, the YAML routes
 * in {@code routes/}, and the beans of {@link HoardBeans}. The CLI, the demo and the tests all start
 * it through here, with their own property overrides.
 */
public final class HoardApplication implements AutoCloseable {

    private final Main main;

    private HoardApplication(Main main) {
        this.main = main;
    }

    /** A builder of overrides; they win over application.properties and the environment. */
    public static Builder builder() {
        return new Builder();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }


    @Override
    public void close() {
        try {
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

        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Binds a bean before Hoard's own (a clock, for instance) so that Hoard uses it. */
        public Builder bean(String name, Object bean) {
            beans.put(name, bean);
            return this;
        }

        /** For one-shot commands: no timers, no HTTP server, no API routes. */
        public Builder job() {
            property("hoard.schedules.enabled", "false");
            property("camel.server.enabled", "false");
            property("camel.main.routes-exclude-pattern", "**/api*.camel.yaml");
            return this;
        }

        private Main create() {
            Main main = new Main();
            main.setDefaultPropertyPlaceholderLocation(HoardHome.camelLocation("application.properties"));
            main.configure().withRoutesIncludePattern(HoardHome.camelLocation("routes") + "/*.camel.yaml");
            main.addMainListener(new SharedBeansFirst());
            beans.forEach(main::bind);
            Properties properties = new Properties();
            properties.putAll(overrides);
            main.setOverrideProperties(properties);
            return main;
        }

        /** Starts Hoard and returns once every route has started. */
        public HoardApplication start() throws Exception {
            Main main = create();
            main.start();
            return new HoardApplication(main);
        }

        /** Starts Hoard and blocks until the JVM is asked to stop. */
        public void run() throws Exception {
            create().run();
        }
    }
}
