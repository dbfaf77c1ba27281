package dev.hoard.binance;

import dev.hoard.HoardHarness;
import dev.hoard.sim.BinanceGroundTruth;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** A stored Binance kline and its simulator ground truth, rendered alike for comparison. */
final class KlineRows {

    private KlineRows() {
    }

    /** {@code open/high/low/close/volume/quote/trades/takerBase/takerQuote/isFinal}, or null when absent. */
    static String stored(HoardHarness hoard, String symbol, String interval, Instant open) throws SQLException {
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.open, c.high, c.low, c.close, c.volume, c.quote_volume, c.trades, c.taker_buy_base_volume,"
                        + " c.taker_buy_quote_volume, c.is_final FROM candles c JOIN instruments i ON i.id = c.instrument_id"
                        + " WHERE i.symbol = '" + symbol + "' AND c.interval = '" + interval + "' AND c.open_time = '" + open + "'")) {
            if (!rs.next()) {
                return null;
            }
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= 9; i++) {
                row.append(rs.getBigDecimal(i).stripTrailingZeros().toPlainString()).append('/');
            }
            return row.append(rs.getBoolean(10)).toString();
        }
    }

    /** The ground truth of the kline as of {@code asOf}, final when {@code isFinal}. */
    static String truth(HoardHarness hoard, String symbol, String interval, Instant open, Instant asOf, boolean isFinal) {
        BinanceGroundTruth.Kline k = hoard.simulator.binance().groundTruth()
                .kline(symbol, interval, open.toEpochMilli(), asOf.toEpochMilli());
        return List.of(k.open(), k.high(), k.low(), k.close(), k.volume(), k.quoteVolume(), BigDecimal.valueOf(k.trades()),
                        k.takerBuyBase(), k.takerBuyQuote()).stream()
                .map(v -> v.stripTrailingZeros().toPlainString() + "/").reduce("", String::concat) + isFinal;
    }

    static String truth(HoardHarness hoard, String symbol, String interval, Instant open, Instant asOf) {
        BinanceGroundTruth.Kline k = hoard.simulator.binance().groundTruth()
                .kline(symbol, interval, open.toEpochMilli(), asOf.toEpochMilli());
        return truth(hoard, symbol, interval, open, asOf, k.closed());
    }
}
