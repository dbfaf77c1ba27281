package dev.hoard.model;

/**
 * A tradable listing as Hoard names it: exchange id, the exchange's own symbol, coin, quote and
 * market type (see DESIGN.md §3). Its natural key is (exchange, symbol, marketType).
 */
public record Instrument(String exchange, String symbol, String coin, String quote, String marketType,
                         boolean delisted) {

    public static Instrument hyperliquidPerp(String coin, boolean delisted) {
        return new Instrument("hyperliquid", coin, coin, "USD", "perps", delisted);
    }
}
