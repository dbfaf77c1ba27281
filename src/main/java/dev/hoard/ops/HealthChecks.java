package dev.hoard.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Camel's health checks (routes and consumers from camel-health, plus Hoard's database and stream
 * freshness), as {@code GET /health/checks} answers them and {@code /health} folds them in.
 */
public final class HealthChecks {

    private final CamelContext context;
    private final List<HealthCheck> own;
    private volatile boolean registered;

    public HealthChecks(CamelContext context, List<HealthCheck> own) {
        this.context = context;
        this.own = List.copyOf(own);
    }

    /** Every check's result (routes, consumers, registry, and Hoard's own). */
    public Collection<HealthCheck.Result> results() {
        register();
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return List.of();
        }
        // every enabled check, each in full (HealthCheckHelper.invoke would trim them to the exposure level)
        return registry.stream().filter(HealthCheck::isEnabled)
                .sorted(java.util.Comparator.comparing(HealthCheck::getId))
                .map(check -> check.call()).toList();
    }

    /** Check id to state, for {@code /health}. */
    public Map<String, Object> summary(Collection<HealthCheck.Result> results) {
        Map<String, Object> checks = new LinkedHashMap<>();
        for (HealthCheck.Result result : results) {
            checks.put(result.getCheck().getId(), result.getState().name());
        }
        return checks;
    }

    public static boolean allUp(Collection<HealthCheck.Result> results) {
        return results.stream().allMatch(r -> r.getState() != HealthCheck.State.DOWN);
    }

    public dev.hoard.api.ApiResponses.ApiResult handle() {
        Collection<HealthCheck.Result> results = results();
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result result : results) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("id", result.getCheck().getId());
            check.put("group", result.getCheck().getGroup());
            check.put("state", result.getState().name());
            result.getMessage().ifPresent(m -> check.put("message", m));
            Map<String, Object> details = new LinkedHashMap<>();
            result.getDetails().forEach((k, v) -> details.put(k, String.valueOf(v)));
            if (!details.isEmpty()) {
                check.put("details", details);
            }
            checks.add(check);
        }
        boolean up = allUp(results);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        return new dev.hoard.api.ApiResponses.ApiResult(up ? 200 : 503, body);
    }

    private void register() {
        if (!registered) {
            synchronized (this) {
                HealthCheckRegistry registry = HealthCheckRegistry.get(context);
                if (registry != null) {
                    for (HealthCheck check : own) {
                        if (registry.getCheck(check.getId()).isEmpty()) {
                            registry.register(check);
                        }
                    }
                }
                registered = true;
            }
        }
    }
}
