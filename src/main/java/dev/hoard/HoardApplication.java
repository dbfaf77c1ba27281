package dev.hoard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.PluginHelper;

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
     * Route files declare their own beans ({@code - beans:}), and those may name the shared beans of
     * {@link HoardBeans} ({@code #bean:dataSource}). Camel creates route-file beans before it runs
     * HoardBeans, so a bean it cannot create at once is bound lazily instead: it is created on first
     * use, when every shared bean exists.
     */
    private static final class LazyRouteFileBeans extends MainListenerSupport {
        @Override
        public void beforeConfigure(BaseMainSupport main) {
            PluginHelper.getBeanPostProcessor(main.getCamelContext()).setLazyBeanStrategy(bean -> true);
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
            main.configure().addConfiguration(new HoardBeans());
            main.addMainListener(new LazyRouteFileBeans());
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
