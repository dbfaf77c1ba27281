package dev.hoard.upstream.binance;

import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.CandleInterval;
import dev.hoard.stream.ShardPlan;
import dev.hoard.stream.StreamPlanner;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Binance kline streams of the active catalog (UPSTREAMS.md §3.4): one {@code <symbol>@kline_<interval>}
 * per (instrument, interval), lower case, put in the URL of combined-stream connections
 * ({@code {ws-url}/stream?streams=a/b/c}) of at most {@code perConnection} streams each (Binance allows
 * 200). Nothing is sent after a connect: the URL is the subscription.
 */
public final class BinanceStreamPlanner implements StreamPlanner {

    public static final int MAX_STREAMS_PER_CONNECTION = 200;

    private final StarlistingCatalog catalog;
    private final BinanceKlines klines;
    private final String wsUrl;
    private final int perConnection;

    public BinanceStreamPlanner(StarlistingCatalog catalog, BinanceKlines klines, String wsUrl, int perConnection) {
        this.catalog = catalog;
        this.klines = klines;
        this.wsUrl = wsUrl.endsWith("/") ? wsUrl.substring(0, wsUrl.length() - 1) : wsUrl;
        this.perConnection = Math.max(1, Math.min(perConnection, MAX_STREAMS_PER_CONNECTION));
    }

    @Override
    public List<ShardPlan> plan() {
        List<String> streams = new ArrayList<>();
        try {
            for (Starlisting listing : catalog.active("binance")) {
                klines.know(listing.instrument());
                for (CandleInterval interval : listing.intervals()) {
                    streams.add(streamName(listing.instrument().symbol(), interval));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog: " + e.getMessage(), e);
        }
        List<ShardPlan> shards = new ArrayList<>();
        for (int i = 0; i < streams.size(); i += perConnection) {
            List<String> part = streams.subList(i, Math.min(streams.size(), i + perConnection));
            shards.add(new ShardPlan(wsUrl + "/stream?streams=" + String.join("/", part), List.of(), part.size()));
        }
        return shards;
    }

    public static String streamName(String symbol, CandleInterval interval) {
        return symbol.toLowerCase(Locale.ROOT) + "@kline_" + interval.code();
    }
}
