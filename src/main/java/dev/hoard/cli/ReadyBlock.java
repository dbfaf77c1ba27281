package dev.hoard.cli;

import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.db.HoardDatabase;
import dev.hoard.ops.JolokiaAgent;
import dev.hoard.stream.ShardPlan;
import dev.hoard.stream.StreamPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person needs once the service is up, as one log event: where the API and its docs are, which
 * database, which catalog and what it subscribes to per venue, the schedules, Jolokia when it is on,
 * and any route not started yet. It replaces Camel's own start-up listing (every route, the HTTP
 * endpoints after each one), which stays below WARN.
 */
final class ReadyBlock {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyBlock.class);

    private final CamelContext context;
    private final PropertiesComponent properties;
    private final Map<String, String> extra;

    private ReadyBlock(CamelContext context, Map<String, String> extra) {
        this.context = context;
        this.properties = context.getPropertiesComponent();
        this.extra = extra;
    }

    /** Logs the block; {@code extra} adds lines (label, text) at the end, such as the demo's simulator. */
    static void log(CamelContext context, Map<String, String> extra) {
        LOG.info("{}", new ReadyBlock(context, extra).text());
    }

    static void log(CamelContext context) {
        log(context, Map.of());
    }

    String text() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("API", api());
        HoardDatabase database = context.hasService(HoardDatabase.class);
        lines.put("Database", database == null ? "-" : database.describe());
        lines.putAll(catalog());
        lines.put("Schedules", schedules());
        JolokiaAgent jolokia = context.getRegistry().lookupByNameAndType("jolokiaAgent", JolokiaAgent.class);
        if (jolokia != null && jolokia.url() != null) {
            lines.put("Jolokia", jolokia.url());
        }
        lines.putAll(extra);
        StringBuilder text = new StringBuilder("Hoard is ready: ").append(routes());
        lines.forEach((label, value) -> text.append(System.lineSeparator())
                .append(String.format("  %-10s %s", label, value)));
        return text.toString();
    }

    private String property(String key) {
        return properties.resolveProperty(key).orElse("");
    }

    private boolean on(String key) {
        return Boolean.parseBoolean(property(key));
    }

    private String routes() {
        List<String> waiting = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            if (status != ServiceStatus.Started && route.isAutoStartup()) { // switched off by configuration: not waiting
                waiting.add(route.getRouteId());
            }
        }
        return waiting.isEmpty() ? context.getRoutes().size() + " routes"
                : waiting.size() + " route(s) not started yet, retried in the background: " + String.join(", ", waiting);
    }

    private String api() {
        if (!on("camel.server.enabled")) {
            return "off";
        }
        String host = property("camel.server.host");
        String base = "http://" + (host.isBlank() || host.equals("0.0.0.0") ? "localhost" : host) + ":"
                + property("camel.server.port");
        return base + "/  docs " + base + "/docs  OpenAPI " + base + "/openapi.json";
    }

    private Map<String, String> catalog() {
        Map<String, String> lines = new LinkedHashMap<>();
        StarlistingCatalog catalog = context.getRegistry().lookupByNameAndType("starlistingCatalog", StarlistingCatalog.class);
        if (catalog == null) {
            return lines;
        }
        lines.put("Catalog", catalog.file().describe());
        List<String> venues = new ArrayList<>();
        for (String venue : List.of("hyperliquid", "binance")) {
            try {
                int instruments = catalog.active(venue).size();
                venues.add(venue + " " + instruments + " instrument(s), " + subscriptions(venue));
            } catch (Exception e) {
                venues.add(venue + ": " + e.getMessage());
            }
        }
        lines.put("Live", String.join("; ", venues));
        return lines;
    }

    private String subscriptions(String venue) {
        if (!on("hoard." + venue + ".live.enabled")) {
            return "live off";
        }
        StreamPlanner planner = context.getRegistry().lookupByNameAndType(venue + "StreamPlanner", StreamPlanner.class);
        if (planner == null) {
            return "no stream";
        }
        List<ShardPlan> plan = planner.plan();
        return plan.stream().mapToInt(ShardPlan::subscriptions).sum() + " subscription(s) on " + plan.size()
                + " connection(s)";
    }

    private String schedules() {
        if (!on("hoard.schedules.enabled")) {
            return "off";
        }
        List<String> schedules = new ArrayList<>();
        schedules.add("funding snapshot " + (on("hoard.hyperliquid.funding-snapshot.enabled") ? "hourly" : "off"));
        for (String source : List.of("defillama", "artemis")) {
            schedules.add(source + " " + (on("hoard." + source + ".enabled")
                    ? "cron \"" + property("hoard." + source + ".cron") + "\" UTC" : "off"));
        }
        schedules.add("TWAP S3 " + (on("hoard.twap.enabled")
                ? "every " + Long.parseLong(property("hoard.twap.poll-period-ms")) / 1000 + " s" : "off"));
        return String.join("; ", schedules);
    }
}
