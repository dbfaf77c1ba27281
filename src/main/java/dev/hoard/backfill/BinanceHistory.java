package dev.hoard.backfill;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.sink.MarketDataWriter;
import dev.hoard.upstream.RateLimitedException;
import dev.hoard.upstream.RestFinality;
import dev.hoard.upstream.UpstreamFailures;
import dev.hoard.upstream.binance.BinanceKlines;
import dev.hoard.upstream.binance.BinanceRequests;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages Binance USD-M klines into the store (UPSTREAMS.md §3.1). Requests go through the
 * {@code direct:binance-rest} route: the process-wide weight budget (its limit read from
 * {@code exchangeInfo}), the used-weight header, 429 pauses and 418 bans, retries of 5xx. Pages are
 * {@link BinanceRequests#BEST_LIMIT} klines, the most candles per weight unit. Each page is written with
 * its cursor in one transaction, so a run killed at any moment resumes after the last stored final
 * kline: nothing skipped, nothing written or downloaded twice.
 */
public final class BinanceHistory implements CandleHistory {

    public static final String REST_ROUTE = "direct:binance-rest";
    public static final String PATH = "BinancePath";
    public static final String QUERY = "BinanceQuery";
    public static final String WEIGHT = "BinanceWeight";
    private static final Logger LOG = LoggerFactory.getLogger(BinanceHistory.class);
    private static final int MAX_RATE_LIMITED_ATTEMPTS = 20;

    private final CamelContext camel;
    private final BinanceKlines klines;
    private final RestFinality finality;
    private final MarketDataWriter writer;
    private final CandleStore store;
    private final WeightBudget budget;
    private final Clock clock;
    private final int repairCandles;
    private final double weightShare;
    private ProducerTemplate template;
    private volatile boolean limitsRead;

    /**
     * @param repairCandles how many candles back gap repair starts a stream with nothing stored
     * @param weightShare   the share of Binance's published weight limit this process may use
     */
    public BinanceHistory(CamelContext camel, BinanceKlines klines, RestFinality finality, MarketDataWriter writer,
                          CandleStore store, WeightBudget budget, Clock clock, int repairCandles, double weightShare) {
        this.camel = camel;
        this.finality = finality;
        this.klines = klines;
        this.writer = writer;
        this.store = store;
        this.budget = budget;
        this.clock = clock;
        this.repairCandles = repairCandles;
        this.weightShare = weightShare;
    }

    @Override
    public String exchange() {
        return "binance";
    }

    @Override
    public Instant repairStart(CandleInterval interval) {
        Instant open = interval.openTimeOf(clock.instant());
        for (int i = 1; i < repairCandles; i++) {
            open = interval.openTimeOf(open.minusMillis(1));
        }
        return open;
    }

    /** Reads the weight limit from {@code exchangeInfo} once; the configured limit stays when it states none. */
    public void readLimits() {
        if (limitsRead) {
            return;
        }
        synchronized (this) {
            if (limitsRead) {
                return;
            }
            String body = request(BinanceRequests.EXCHANGE_INFO, "", BinanceRequests.EXCHANGE_INFO_WEIGHT);
            BinanceKlines.requestWeightPerMinute(body).ifPresent(limit -> {
                int share = Math.max(1, (int) Math.floor(limit * weightShare));
                LOG.info("Binance REQUEST_WEIGHT limit is {}/min (exchangeInfo): this process uses up to {}", limit, share);
                budget.limitPerMinute(share);
            });
            limitsRead = true;
        }
    }

    @Override
    public long candles(Instrument instrument, CandleInterval interval, Instant from, Instant to, boolean resume,
                        Progress progress, Consumer<String> notices) throws SQLException {
        readLimits();
        Instant rangeStart = interval.openTimeOf(from);
        return CandlePages.pageThrough(store, writer, instrument, interval, rangeStart, to, resume, progress, pageStart -> {
            int limit = BinanceRequests.pageSize(interval.count(pageStart, to));
            RestAnswer answer = answer(BinanceRequests.KLINES, BinanceRequests.klinesQuery(instrument.symbol(), interval,
                    pageStart, to.minusMillis(1), limit), BinanceRequests.klinesWeight(limit));
            List<Candle> received = klines.rest(answer.body(), instrument, interval, answer.producedAt());
            return new CandlePages.Page(CandlePages.within(received, pageStart, to), received.size() >= limit,
                    finality.settledBefore(answer.producedAt()));
        });
    }

    /** One REST request within the budget: its body. */
    String request(String path, String query, int weight) {
        return answer(path, query, weight).body();
    }

    /**
     * One REST request within the budget, with when Binance produced it; refused for rate reasons, it
     * waits as the budget says and goes again.
     */
    private RestAnswer answer(String path, String query, int weight) {
        synchronized (this) {
            if (template == null) {
                template = camel.createProducerTemplate();
            }
        }
        for (int attempt = 1; ; attempt++) {
            Instant sent = clock.instant();
            Exchange answer = template.request(REST_ROUTE, exchange -> exchange.getMessage()
                    .setHeaders(Map.of(PATH, path, QUERY, query, WEIGHT, weight)));
            Throwable failure = answer.getException() == null ? null : UpstreamFailures.unwrap(answer.getException());
            if (failure == null) {
                return new RestAnswer(answer.getMessage().getBody(String.class),
                        RestFinality.producedAt(answer.getMessage().getHeader("Date"), sent));
            }
            if (!(failure instanceof RateLimitedException limited) || attempt >= MAX_RATE_LIMITED_ATTEMPTS) {
                throw new IllegalStateException("Binance GET " + path + (query.isEmpty() ? "" : "?" + query) + " failed: "
                        + UpstreamFailures.describe(failure), failure);
            }
            LOG.debug("Binance {} refused ({}); the budget holds the next try", path, limited.getMessage());
        }
    }
}
