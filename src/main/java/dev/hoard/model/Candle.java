package dev.hoard.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One OHLCV candle as the exchange reported it. {@code isFinal} marks a closed candle whose values
 * will not change; a provisional one is still forming. Values the exchange does not give (quote
 * volume and taker volumes on Hyperliquid) are null.
 */
public record Candle(Instrument instrument, CandleInterval interval, Instant openTime, Instant closeTime,
                     BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
                     BigDecimal quoteVolume, Long trades, BigDecimal takerBuyBaseVolume,
                     BigDecimal takerBuyQuoteVolume, boolean isFinal, String source) {

    public Candle asFinal() {
        return isFinal ? this : new Candle(instrument, interval, openTime, closeTime, open, high, low, close, volume,
                quoteVolume, trades, takerBuyBaseVolume, takerBuyQuoteVolume, true, source);
    }

    /** True when the price and volume values equal another report of the same candle. */
    public boolean sameValues(Candle other) {
        return eq(open, other.open) && eq(high, other.high) && eq(low, other.low) && eq(close, other.close)
                && eq(volume, other.volume) && (trades == null || other.trades == null || trades.equals(other.trades));
    }

    private static boolean eq(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
