package dev.hoard.api;

import dev.hoard.model.CandleInterval;
import dev.hoard.sink.MarketTables;
import dev.hoard.sink.TableSpec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Answers {@code GET /<dataset>/{exchange}/{coin}/{quote}/{market_type}[/{interval}]} for a
 * per-instrument time series: {@code start_time}, {@code end_time} (inclusive), {@code limit} and
 * {@code order}. Without {@code start_time} it returns the most recent {@code limit} rows, still in
 * the requested order. Decimals are strings, times ISO-8601 UTC, missing values null.
 */
public final class SeriesQuery {

    private final DataSource dataSource;
    private final String table;
    private final String timeColumn;
    private final List<String> columns;
    private final boolean byInterval;
    private final int defaultLimit;
    private final int maxLimit;

    private SeriesQuery(DataSource dataSource, String table, String timeColumn, List<String> columns, boolean byInterval,
                        int defaultLimit, int maxLimit) {
        this.dataSource = dataSource;
        this.table = table;
        this.timeColumn = timeColumn;
        this.columns = List.copyOf(columns);
        this.byInterval = byInterval;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /** A table keyed by (instrument_id, time), such as funding_rates and open_interest. */
    public static SeriesQuery perInstrument(DataSource dataSource, TableSpec table, int defaultLimit, int maxLimit) {
        return new SeriesQuery(dataSource, table.table(), "time",
                table.valueColumns().stream().map(TableSpec.Column::name).toList(), false, defaultLimit, maxLimit);
    }

    /** The candles of one instrument and interval, by open time, each with its is_final flag. */
    public static SeriesQuery candles(DataSource dataSource, int defaultLimit, int maxLimit) {
        List<String> columns = MarketTables.CANDLES.valueColumns().stream().map(TableSpec.Column::name)
                .filter(c -> !c.equals("source")).toList();
        return new SeriesQuery(dataSource, "candles", "open_time", columns, true, defaultLimit, maxLimit);
    }

    public Map<String, Object> handle(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        InstrumentLookup.Listing listing = InstrumentLookup.listing(params);
        ApiParams.TimeRange range = params.range("start_time", "end_time");
        Instant start = range.start();
        Instant end = range.end();
        int limit = params.limit("limit", defaultLimit, maxLimit);
        boolean descending = params.descending("order", false);
        // Without a start, the newest rows are wanted: read them newest first, then put them in order.
        boolean readDescending = descending || start == null;

        String interval = byInterval ? interval(params) : null;
        String sql = "SELECT " + timeColumn + ", " + String.join(", ", columns) + " FROM " + table
                + " WHERE instrument_id = ?" + (byInterval ? " AND interval = ?" : "")
                + " AND " + timeColumn + " >= ? AND " + timeColumn + " <= ? ORDER BY " + timeColumn + " "
                + (readDescending ? "DESC" : "ASC") + " LIMIT ?";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            long instrumentId = InstrumentLookup.id(connection, listing);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                select.setLong(i++, instrumentId);
                if (byInterval) {
                    select.setString(i++, interval);
                }
                select.setTimestamp(i++, Timestamp.from(start == null ? Instant.EPOCH : start));
                select.setTimestamp(i++, Timestamp.from(end == null ? Instant.parse("9999-12-31T00:00:00Z") : end));
                select.setInt(i, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
        }
        if (readDescending && !descending) {
            Collections.reverse(rows);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exchange", listing.exchange());
        body.put("coin", listing.coin());
        body.put("quote", listing.quote());
        body.put("market_type", listing.marketType());
        if (byInterval) {
            body.put("interval", interval);
        }
        body.put("count", rows.size());
        body.put("data", rows);
        return body;
    }

    private static String interval(ApiParams params) {
        String code = params.name("interval");
        if (CandleInterval.find(code).isEmpty()) {
            throw ApiException.badParameter("interval", "interval must be one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M");
        }
        return code;
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(timeColumn, rs.getTimestamp(1).toInstant().toString());
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), jsonValue(rs.getObject(i + 2)));
        }
        return row;
    }

    /** Decimals as exact strings, times as ISO-8601 UTC; everything else as JDBC gives it. */
    static Object jsonValue(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        return value;
    }

}
