package dev.hoard.sink;

import static dev.hoard.sink.TableSpec.column;

import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.OpenInterest;
import dev.hoard.sink.InstrumentStore.InstrumentKey;
import java.util.List;
import java.util.Map;

/** The keyed market tables and how a normalized record becomes one of their rows. */
public final class MarketTables {

    public static final TableSpec FUNDING_RATES = new TableSpec("funding_rates", List.of(
            column("instrument_id", "bigint"),
            column("time", "timestamptz"),
            column("funding_rate", "numeric"),
            column("premium", "numeric"),
            column("mark_price", "numeric"),
            column("oracle_price", "numeric"),
            column("mid_price", "numeric"),
            column("index_price", "numeric"),
            column("impact_bid_price", "numeric"),
            column("impact_ask_price", "numeric"),
            column("prev_day_price", "numeric"),
            column("next_funding_time", "timestamptz")),
            List.of("instrument_id", "time"));

    public static final TableSpec OPEN_INTEREST = new TableSpec("open_interest", List.of(
            column("instrument_id", "bigint"),
            column("time", "timestamptz"),
            column("open_interest", "numeric"),
            column("open_interest_value", "numeric"),
            column("day_base_volume", "numeric"),
            column("day_notional_volume", "numeric")),
            List.of("instrument_id", "time"));

    public static final TableSpec CANDLES = new TableSpec("candles", List.of(
            column("instrument_id", "bigint"),
            column("interval", "text"),
            column("open_time", "timestamptz"),
            column("close_time", "timestamptz"),
            column("open", "numeric"),
            column("high", "numeric"),
            column("low", "numeric"),
            column("close", "numeric"),
            column("volume", "numeric"),
            column("quote_volume", "numeric"),
            column("trades", "bigint"),
            column("taker_buy_base_volume", "numeric"),
            column("taker_buy_quote_volume", "numeric"),
            column("is_final", "boolean"),
            column("source", "text")),
            List.of("instrument_id", "interval", "open_time"))
            .withFinalColumn("is_final").withTouchColumn("updated_at");

    private MarketTables() {
    }

    public static List<Object[]> candleRows(List<Candle> records, Map<InstrumentKey, Long> ids) {
        return records.stream().map(c -> new Object[] {
            id(ids, c.instrument().exchange(), c.instrument().symbol(), c.instrument().marketType()),
            c.interval().code(), c.openTime(), c.closeTime(), c.open(), c.high(), c.low(), c.close(), c.volume(),
            c.quoteVolume(), c.trades(), c.takerBuyBaseVolume(), c.takerBuyQuoteVolume(), c.isFinal(), c.source()})
                .toList();
    }

    public static List<Object[]> fundingRows(List<FundingRate> records, Map<InstrumentKey, Long> ids) {
        return records.stream().map(r -> new Object[] {
            id(ids, r.instrument().exchange(), r.instrument().symbol(), r.instrument().marketType()),
            r.time(), r.fundingRate(), r.premium(), r.markPrice(), r.oraclePrice(), r.midPrice(),
            r.indexPrice(), r.impactBidPrice(), r.impactAskPrice(), r.prevDayPrice(), r.nextFundingTime()})
                .toList();
    }

    public static List<Object[]> openInterestRows(List<OpenInterest> records, Map<InstrumentKey, Long> ids) {
        return records.stream().map(r -> new Object[] {
            id(ids, r.instrument().exchange(), r.instrument().symbol(), r.instrument().marketType()),
            r.time(), r.openInterest(), r.openInterestValue(), r.dayBaseVolume(), r.dayNotionalVolume()})
                .toList();
    }

    private static Long id(Map<InstrumentKey, Long> ids, String exchange, String symbol, String marketType) {
        Long id = ids.get(new InstrumentKey(exchange, symbol, marketType));
        if (id == null) {
            throw new IllegalStateException("instrument " + exchange + ":" + symbol + ":" + marketType
                    + " was not registered in this unit of work");
        }
        return id;
    }
}
