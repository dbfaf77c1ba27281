package dev.hoard.export;

import static dev.hoard.export.ExportColumn.Kind.BOOLEAN;
import static dev.hoard.export.ExportColumn.Kind.DECIMAL;
import static dev.hoard.export.ExportColumn.Kind.INT64;
import static dev.hoard.export.ExportColumn.Kind.TIMESTAMP;

import dev.hoard.export.ExportColumn.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What can be exported, each as a fixed, parameterised SELECT over one instrument and a half-open
 * time range [start, end), in time order. {@code merged} takes the candles as its base and LEFT JOINs
 * funding and open interest on the candle's open time: a missing row stays NULL, a stored zero stays 0.
 */
public enum ExportDataset {

    CANDLES("candles", true),
    FUNDING("funding", false),
    OPEN_INTEREST("open-interest", false),
    MERGED("merged", true);

    private static final List<ExportColumn> CANDLE_COLUMNS = List.of(
            ExportColumn.of("c", "open_time", TIMESTAMP), ExportColumn.of("c", "close_time", TIMESTAMP),
            ExportColumn.of("c", "open", DECIMAL), ExportColumn.of("c", "high", DECIMAL),
            ExportColumn.of("c", "low", DECIMAL), ExportColumn.of("c", "close", DECIMAL),
            ExportColumn.of("c", "volume", DECIMAL), ExportColumn.of("c", "quote_volume", DECIMAL),
            ExportColumn.of("c", "trades", INT64), ExportColumn.of("c", "taker_buy_base_volume", DECIMAL),
            ExportColumn.of("c", "taker_buy_quote_volume", DECIMAL), ExportColumn.of("c", "is_final", BOOLEAN));

    private static final List<ExportColumn> FUNDING_COLUMNS = List.of(
            ExportColumn.of("f", "time", TIMESTAMP), ExportColumn.of("f", "funding_rate", DECIMAL),
            ExportColumn.of("f", "premium", DECIMAL), ExportColumn.of("f", "mark_price", DECIMAL),
            ExportColumn.of("f", "oracle_price", DECIMAL), ExportColumn.of("f", "mid_price", DECIMAL),
            ExportColumn.of("f", "index_price", DECIMAL), ExportColumn.of("f", "impact_bid_price", DECIMAL),
            ExportColumn.of("f", "impact_ask_price", DECIMAL), ExportColumn.of("f", "prev_day_price", DECIMAL),
            ExportColumn.of("f", "next_funding_time", TIMESTAMP));

    private static final List<ExportColumn> OPEN_INTEREST_COLUMNS = List.of(
            ExportColumn.of("o", "time", TIMESTAMP), ExportColumn.of("o", "open_interest", DECIMAL),
            ExportColumn.of("o", "open_interest_value", DECIMAL), ExportColumn.of("o", "day_base_volume", DECIMAL),
            ExportColumn.of("o", "day_notional_volume", DECIMAL));

    private final String id;
    private final boolean byInterval;

    ExportDataset(String id, boolean byInterval) {
        this.id = id;
        this.byInterval = byInterval;
    }

    public String id() {
        return id;
    }

    /** Candles and merged come per interval; funding and open interest do not. */
    public boolean byInterval() {
        return byInterval;
    }

    public static ExportDataset parse(String text) {
        for (ExportDataset dataset : values()) {
            if (dataset.id.equals(text.toLowerCase(Locale.ROOT))) {
                return dataset;
            }
        }
        throw new IllegalArgumentException("dataset must be candles, funding, open-interest or merged, not " + text);
    }

    public List<ExportColumn> columns() {
        return switch (this) {
            case CANDLES -> CANDLE_COLUMNS;
            case FUNDING -> FUNDING_COLUMNS;
            case OPEN_INTEREST -> OPEN_INTEREST_COLUMNS;
            case MERGED -> {
                List<ExportColumn> merged = new ArrayList<>(CANDLE_COLUMNS);
                FUNDING_COLUMNS.stream().filter(c -> c.kind() != Kind.TIMESTAMP).forEach(merged::add);
                OPEN_INTEREST_COLUMNS.stream().filter(c -> c.kind() != Kind.TIMESTAMP).forEach(merged::add);
                yield List.copyOf(merged);
            }
        };
    }

    /** The SELECT; its parameters are instrument id, [interval,] start and end. */
    public String sql() {
        String select = "SELECT " + String.join(", ", columns().stream().map(ExportColumn::sql).toList());
        return switch (this) {
            case CANDLES -> select + " FROM candles c WHERE c.instrument_id = ? AND c.interval = ?"
                    + " AND c.open_time >= ? AND c.open_time < ? ORDER BY c.open_time";
            case FUNDING -> select + " FROM funding_rates f WHERE f.instrument_id = ?"
                    + " AND f.time >= ? AND f.time < ? ORDER BY f.time";
            case OPEN_INTEREST -> select + " FROM open_interest o WHERE o.instrument_id = ?"
                    + " AND o.time >= ? AND o.time < ? ORDER BY o.time";
            case MERGED -> select + " FROM candles c"
                    + " LEFT JOIN funding_rates f ON f.instrument_id = c.instrument_id AND f.time = c.open_time"
                    + " LEFT JOIN open_interest o ON o.instrument_id = c.instrument_id AND o.time = c.open_time"
                    + " WHERE c.instrument_id = ? AND c.interval = ? AND c.open_time >= ? AND c.open_time < ?"
                    + " ORDER BY c.open_time";
        };
    }
}
