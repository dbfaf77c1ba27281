package dev.hoard.upstream.hyperliquid;

import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.CandleInterval;
import dev.hoard.stream.ShardPlan;
import dev.hoard.stream.StreamPlanner;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hyperliquid subscriptions of the active catalog: {@code candle} per (coin, interval) and
 * {@code activeAssetCtx} per coin collecting funding or open interest, spread over connections of
 * at most {@code perConnection} subscriptions. Hyperliquid allows 1000 subscriptions per IP across
 * all connections (UPSTREAMS.md §2): a catalog asking for more is cut, and the log says which.
 */
public final class HyperliquidStreamPlanner implements StreamPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(HyperliquidStreamPlanner.class);

    private final StarlistingCatalog catalog;
    private final String url;
    private final int maxSubscriptions;
    private final int perConnection;

    public HyperliquidStreamPlanner(StarlistingCatalog catalog, String url, int maxSubscriptions, int perConnection) {
        this.catalog = catalog;
        this.url = url;
        this.maxSubscriptions = maxSubscriptions;
        this.perConnection = Math.max(1, perConnection);
    }

    @Override
    public List<ShardPlan> plan() {
        List<String> messages = new ArrayList<>();
        try {
            for (Starlisting listing : catalog.active("hyperliquid")) {
                String coin = listing.instrument().coin();
                for (CandleInterval interval : listing.intervals()) {
                    messages.add(InfoRequests.subscribeCandle(coin, interval));
                }
                if (listing.funding() || listing.openInterest()) {
                    messages.add(InfoRequests.subscribeAssetContext(coin));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog: " + e.getMessage(), e);
        }
        if (messages.size() > maxSubscriptions) {
            LOG.error("The catalog asks for {} Hyperliquid subscriptions but Hyperliquid allows {} per IP: the last {}"
                    + " are not subscribed: {}", messages.size(), maxSubscriptions, messages.size() - maxSubscriptions,
                    messages.subList(maxSubscriptions, messages.size()));
            messages = messages.subList(0, maxSubscriptions);
        }
        List<ShardPlan> shards = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += perConnection) {
            List<String> part = messages.subList(i, Math.min(messages.size(), i + perConnection));
            shards.add(new ShardPlan(url, part, part.size()));
        }
        return shards;
    }
}
