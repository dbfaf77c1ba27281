package dev.hoard.api;

import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.CandleInterval;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * {@code GET /starlistings}: what is collected, active or not. {@code POST /starlistings/sync}:
 * re-reads the catalog file, syncs it, and restarts the live streams so they subscribe to it.
 */
public final class StarlistingsApi {

    /** Routes that subscribe according to the catalog; restarted after a sync. */
    private static final List<String> STREAM_ROUTES = List.of("hyperliquid-stream", "binance-stream");

    private final StarlistingCatalog catalog;
    private final CamelContext context;

    public StarlistingsApi(StarlistingCatalog catalog, CamelContext context) {
        this.catalog = catalog;
        this.context = context;
    }

    public Map<String, Object> list() throws Exception {
        List<Map<String, Object>> entries = catalog.stored().stream().map(StarlistingsApi::json).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", entries.size());
        body.put("starlistings", entries);
        return body;
    }

    /**
     * A catalog file that is missing, unreadable or invalid is the operator's to fix, not a server
     * fault: 422 naming the file and what is wrong with it, and nothing synced.
     */
    public Map<String, Object> sync() throws Exception {
        StarlistingCatalog.SyncResult result;
        try {
            result = catalog.sync();
        } catch (NoSuchFileException e) {
            throw unusable("catalog file " + catalog.file() + " not found (set hoard.catalog.file or HOARD_HOME)");
        } catch (IOException e) {
            throw unusable("catalog file " + catalog.file() + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw unusable("catalog file is invalid: " + e.getMessage()); // the message starts with the file
        }
        for (String route : STREAM_ROUTES) {
            if (context.getRoute(route) != null
                    && context.getRouteController().getRouteStatus(route) == ServiceStatus.Started) {
                context.getRouteController().stopRoute(route);
                context.getRouteController().startRoute(route);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", result.entries());
        body.put("added", result.added());
        body.put("deactivated", result.deactivated());
        return body;
    }

    private static ApiException unusable(String message) {
        return new ApiException(422, null, message);
    }

    private static Map<String, Object> json(Starlisting s) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("exchange", s.instrument().exchange());
        entry.put("coin", s.instrument().coin());
        entry.put("quote", s.instrument().quote());
        entry.put("market_type", s.instrument().marketType());
        entry.put("symbol", s.instrument().symbol());
        entry.put("intervals", s.intervals().stream().map(CandleInterval::code).toList());
        entry.put("funding", s.funding());
        entry.put("open_interest", s.openInterest());
        entry.put("active", s.active());
        return entry;
    }
}
