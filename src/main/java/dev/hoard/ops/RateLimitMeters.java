package dev.hoard.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.List;

/**
 * {@code hoard_ratelimit_rejections_total{upstream}} (429 answers) and {@code hoard_ratelimit_bans_total{upstream}}
 * (418, IP banned), counted wherever an upstream answers so: the weight budget of Binance's REST jobs and the
 * retry rule of every polling route. Each upstream's counters exist at 0 from the start, so a first 429 is an
 * increase Prometheus sees.
 */
public final class RateLimitMeters {

    /** The upstreams Hoard calls over HTTP. */
    public static final List<String> UPSTREAMS = List.of("hyperliquid", "binance", "defillama", "artemis");

    private RateLimitMeters() {
    }

    /** Registers every upstream's counters at 0. */
    public static void registerAll() {
        UPSTREAMS.forEach(upstream -> {
            rejections(upstream);
            bans(upstream);
        });
    }

    public static Counter rejections(String upstream) {
        return Counter.builder("hoard.ratelimit.rejections").description("upstream answers 429 (rate limited)")
                .tag("upstream", upstream).register(Metrics.globalRegistry);
    }

    public static Counter bans(String upstream) {
        return Counter.builder("hoard.ratelimit.bans").description("upstream answers 418 (this IP banned)")
                .tag("upstream", upstream).register(Metrics.globalRegistry);
    }

    /** The upstream a route calls: its id's first word ({@code hyperliquid-funding-snapshot} → {@code hyperliquid}). */
    public static String upstreamOfRoute(String routeId) {
        if (routeId == null || routeId.isBlank()) {
            return "unknown";
        }
        int dash = routeId.indexOf('-');
        String first = dash < 0 ? routeId : routeId.substring(0, dash);
        return UPSTREAMS.contains(first) ? first : "unknown";
    }
}
