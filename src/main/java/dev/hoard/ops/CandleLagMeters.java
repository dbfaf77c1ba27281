package dev.hoard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hoard_candle_lag_seconds{exchange,symbol,interval}}: seconds since the close of the newest final
 * candle of each series in the catalog (active starlistings and their intervals), as {@code verify} measures
 * lag. One index probe per series (the newest final row by the candles' primary key), so its cost grows with
 * the number of series, not of rows. A series with no final candle yet has no value.
 */
final class CandleLagMeters implements DatabaseMetrics.Source {

    private static final String NEWEST_FINALS = resource("candle-lag.sql");

    private final Clock clock;
    private final MultiGauge lag;
    private List<MultiGauge.Row<?>> rows = List.of(); // held here: gauges keep only weak references

    CandleLagMeters(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.lag = MultiGauge.builder("hoard.candle.lag").baseUnit("seconds")
                .description("seconds since the close of the series' newest final candle").register(meters);
    }

    @Override
    public void refresh(Connection connection) throws SQLException {
        List<MultiGauge.Row<?>> fresh = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(NEWEST_FINALS);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                long endMs = rs.getTimestamp(4).getTime() + 1; // close_time is the candle's last millisecond
                fresh.add(MultiGauge.Row.of(Tags.of("exchange", rs.getString(1), "symbol", rs.getString(2),
                        "interval", rs.getString(3)), () -> Math.max(0, clock.millis() - endMs) / 1000.0));
            }
        }
        rows = fresh;
        lag.register(fresh, true);
    }

    private static String resource(String name) {
        try (var in = CandleLagMeters.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + name, e);
        }
    }

    @Override
    public void remove() {
        rows = List.of();
        lag.register(List.of(), true);
    }
}
