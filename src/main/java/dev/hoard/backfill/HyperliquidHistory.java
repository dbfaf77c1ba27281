package dev.hoard.backfill;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.sink.MarketBatch;
import dev.hoard.sink.MarketBatch.Cursor;
import dev.hoard.sink.MarketDataWriter;
import dev.hoard.upstream.RestFinality;
import dev.hoard.upstream.UpstreamFailures;
import dev.hoard.upstream.hyperliquid.HistoryNormalizer;
import dev.hoard.upstream.hyperliquid.HistoryNormalizer.FundingPage;
import dev.hoard.upstream.hyperliquid.InfoRequests;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Pages Hyperliquid history into the store: candles from {@code candleSnapshot}, funding from
 * {@code fundingHistory}. Requests go through the {@code direct:hyperliquid-info} route (shared
 * weight budget, retries with backoff); each page is written with its cursor in one transaction,
 * so a run that is stopped resumes where it stopped and a rerun writes nothing twice.
 */
public final class HyperliquidHistory implements CandleHistory {

    public static final String INFO_ROUTE = "direct:hyperliquid-info";

    private final CamelContext camel;
    private ProducerTemplate template;
    private final HistoryNormalizer normalizer;
    private final RestFinality finality;
    private final MarketDataWriter writer;
    private final CandleStore store;
    private final WeightBudget budget;
    private final Clock clock;

    public HyperliquidHistory(CamelContext camel, HistoryNormalizer normalizer, RestFinality finality,
                              MarketDataWriter writer, CandleStore store, WeightBudget budget, Clock clock) {
        this.camel = camel;
        this.finality = finality;
        this.normalizer = normalizer;
        this.writer = writer;
        this.store = store;
        this.budget = budget;
        this.clock = clock;
    }

    @Override
    public String exchange() {
        return "hyperliquid";
    }

    @Override
    public Instant repairStart(CandleInterval interval) {
        return candleWindowStart(interval);
    }

    @Override
    public long candles(Instrument instrument, CandleInterval interval, Instant from, Instant to, boolean resume,
                        Progress progress, Consumer<String> notices) throws SQLException {
        return candles(instrument.coin(), interval, from, to, resume, progress, notices);
    }

    /** Candles that can be requested at all: the latest 5000 of the interval, up to now. */
    public Instant candleWindowStart(CandleInterval interval) {
        Instant open = interval.openTimeOf(clock.instant());
        if (interval == CandleInterval.MONTH) {
            return open.atZone(ZoneOffset.UTC).minusMonths(InfoRequests.CANDLE_WINDOW - 1).toInstant();
        }
        return open.minus(interval.nominalLength().multipliedBy(InfoRequests.CANDLE_WINDOW - 1));
    }

    /**
     * Candles of one stream opening in [from, to). A start before Hyperliquid's 5000-candle window is
     * moved to the window's start and said plainly through {@code notices}. With {@code resume}, a
     * cursor covering {@code from} moves the start past what is already stored.
     */
    public long candles(String coin, CandleInterval interval, Instant from, Instant to, boolean resume,
                        Progress progress, Consumer<String> notices) throws SQLException {
        Instrument instrument = Instrument.hyperliquidPerp(coin, false);
        Instant windowStart = candleWindowStart(interval);
        Instant rangeStart = from;
        if (from.isBefore(windowStart)) {
            notices.accept(String.format("%s %s: Hyperliquid serves only the latest %d candles, from %s;"
                    + " the %,d candles from %s to %s cannot be fetched and are skipped", coin, interval,
                    InfoRequests.CANDLE_WINDOW, windowStart, interval.count(from, windowStart), from, windowStart));
            rangeStart = windowStart;
        }
        return CandlePages.pageThrough(store, writer, instrument, interval, rangeStart, to, resume, progress, pageStart -> {
            RestAnswer answer = request(InfoRequests.candleSnapshot(coin, interval, pageStart, to.minusMillis(1)));
            List<Candle> page = CandlePages.within(normalizer.candles(answer.body(), answer.producedAt()), pageStart, to);
            budget.charge(InfoRequests.candleItemsWeight(page.size()));
            return new CandlePages.Page(page, true, finality.settledBefore(answer.producedAt()));
        });
    }

    /** Funding of one coin in [from, to), paged by 500 rows. */
    public long funding(String coin, Instant from, Instant to, boolean resume, Progress progress) throws SQLException {
        Instrument instrument = Instrument.hyperliquidPerp(coin, false);
        Instant start = resume ? store.coveredUntil("funding", instrument, "", from).orElse(from) : from;
        if (progress != null && start.isAfter(from)) {
            progress.advance(Duration.between(from, start).toHours(), 0);
        }
        long written = 0;
        while (start.isBefore(to)) {
            Instant pageStart = start;
            FundingPage page = normalizer.funding(
                    request(InfoRequests.fundingHistory(coin, pageStart, to.minusMillis(1))).body(), instrument);
            budget.charge(InfoRequests.fundingItemsWeight(page.elements()));
            if (page.elements() == 0) {
                break;
            }
            start = page.lastTime().plusMillis(1);
            written += writer.write(new MarketBatch(List.of(), page.rows(), List.of(), List.of(
                    new Cursor("funding", instrument, "", from, start))));
            if (progress != null) {
                progress.advance(Duration.between(pageStart, start).toHours(), page.rows().size());
            }
            if (page.elements() < InfoRequests.FUNDING_PAGE) {
                break;
            }
        }
        return written;
    }

    /** One info request through the route (budget, retries); a failure says which request and why. */
    private RestAnswer request(String body) {
        synchronized (this) {
            if (template == null) {
                template = camel.createProducerTemplate();
            }
        }
        Instant sent = clock.instant();
        Exchange answer = template.request(INFO_ROUTE, exchange -> exchange.getMessage().setBody(body));
        if (answer.getException() != null) {
            throw new IllegalStateException("Hyperliquid POST /info " + body + " failed: "
                    + UpstreamFailures.describe(answer.getException()), answer.getException());
        }
        return new RestAnswer(answer.getMessage().getBody(String.class),
                RestFinality.producedAt(answer.getMessage().getHeader("Date"), sent));
    }
}
