package dev.hoard.bench;

import dev.hoard.HoardApplication;
import dev.hoard.backfill.BinanceHistory;
import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.sink.MarketBatch;
import dev.hoard.sink.MarketDataWriter;
import dev.hoard.upstream.RestFinality;
import dev.hoard.upstream.binance.BinanceKlines;
import dev.hoard.upstream.binance.BinanceRequests;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * End-to-end Binance kline backfill (HTTP to the simulator with its limiter off, parse, write with cursors)
 * next to the writer's own ceiling in the same run: the same klines, already parsed, written through the
 * same {@link MarketDataWriter} in the same pages of {@link BinanceRequests#BEST_LIMIT}.
 */
public final class BinanceBackfillBenchmark {

    private static final Instrument BTC = BinanceKlines.perp("BTC", "USDT");

    public record Result(long rows, double backfillRowsPerSecond, double writerRowsPerSecond, long requests) {
    }

    private final String databaseUrl;

    public BinanceBackfillBenchmark(String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    public Result run(int candles) throws Exception {
        Instant to = CandleInterval.M1.openTimeOf(Instant.now()).minus(Duration.ofDays(1));
        Instant from = to.minus(Duration.ofMinutes(candles));
        try (ExchangeSimulator simulator = new ExchangeSimulator(0).start();
             HoardApplication app = HoardApplication.builder().job("binance-rest*")
                     .property("hoard.database.url", databaseUrl)
                     .property("hoard.binance.rest-url", simulator.binanceRestUrl())
                     .property("hoard.binance.weight-per-minute", "100000000")
                     .start()) {
            simulator.binance().publishedWeightLimit(100_000_000);
            DataSource dataSource = app.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            BinanceHistory history = app.context().getRegistry().lookupByNameAndType("binanceHistory", BinanceHistory.class);
            MarketDataWriter writer = app.context().getRegistry().lookupByNameAndType("marketDataWriter", MarketDataWriter.class);
            clear(dataSource);
            history.readLimits();
            simulator.resetCounts();

            long started = System.nanoTime();
            long rows = history.candles(BTC, CandleInterval.M1, from, to, false, null, n -> { });
            double backfill = rows / ((System.nanoTime() - started) / 1e9);
            long requests = simulator.requestCount("binance.klines");

            List<Candle> stored = new ArrayList<>(candles);
            BinanceKlines klines = new BinanceKlines(RestFinality.DEFAULT);
            for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1500))) {
                Instant end = t.plus(Duration.ofMinutes(1500)).isBefore(to) ? t.plus(Duration.ofMinutes(1500)) : to;
                String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(simulator.binanceRestUrl() + BinanceRequests.KLINES + "?"
                                + BinanceRequests.klinesQuery("BTCUSDT", CandleInterval.M1, t, end.minusMillis(1), 1500))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                stored.addAll(klines.rest(body, BTC, CandleInterval.M1, Instant.now()));
            }
            clear(dataSource);
            started = System.nanoTime();
            long written = 0;
            for (int i = 0; i < stored.size(); i += BinanceRequests.BEST_LIMIT) {
                List<Candle> page = stored.subList(i, Math.min(stored.size(), i + BinanceRequests.BEST_LIMIT));
                written += writer.write(MarketBatch.ofCandles(page).withCursors(List.of(new MarketBatch.Cursor("candles",
                        BTC, "1m", from, CandleInterval.M1.next(page.get(page.size() - 1).openTime())))));
            }
            double ceiling = written / ((System.nanoTime() - started) / 1e9);
            clear(dataSource);
            return new Result(rows, backfill, ceiling, requests);
        }
    }

    private static void clear(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM candles WHERE instrument_id IN (SELECT id FROM instruments WHERE exchange = 'binance')");
            s.execute("DELETE FROM backfill_cursors WHERE instrument_id IN (SELECT id FROM instruments WHERE exchange = 'binance')");
            s.execute("CHECKPOINT");
        }
    }
}
