package dev.hoard.catalog;

import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import java.util.List;

/** One catalog entry: an instrument, the candle intervals to collect, and whether to collect funding and open interest. */
public record Starlisting(Instrument instrument, List<CandleInterval> intervals, boolean funding, boolean openInterest,
                          boolean active) {

    public Starlisting {
        intervals = List.copyOf(intervals);
    }

    /** The exchange's own symbol: Hyperliquid names perps by coin, Binance by coin + quote (BTCUSDT). */
    public static String symbolOf(String exchange, String coin, String quote) {
        return switch (exchange) {
            case "binance" -> coin + quote;
            default -> coin;
        };
    }
}
