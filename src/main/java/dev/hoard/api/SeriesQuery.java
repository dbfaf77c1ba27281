package dev.hoard.api;

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
 * Answers {@code GET /<dataset>/{exchange}/{coin}/{quote}/{market_type}} for a per-instrument time
 * series keyed by (instrument_id, time): {@code start_time}, {@code end_time} (inclusive),
 * {@code limit} and {@code order}. Without {@code start_time} it returns the most recent
 * {@code limit} rows. Decimals are strings, times ISO-8601 UTC, missing values null.
 */
public final class SeriesQuery {

    private final DataSource dataSource;
    private final TableSpec table;
    private final int defaultLimit;
    private final int maxLimit;

    public SeriesQuery(DataSource dataSource, TableSpec table, int defaultLimit, int maxLimit) {
        this.dataSource = dataSource;
        this.table = table;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    public Map<String, Object> handle(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        InstrumentLookup.Listing listing = InstrumentLookup.listing(params);
        Instant start = params.time("start_time");
        Instant end = params.time("end_time");
        if (start != null && end != null && end.isBefore(start)) {
            throw ApiException.badParameter("end_time", "end_time is before start_time");
        }
        int limit = params.limit("limit", defaultLimit, maxLimit);
        boolean descending = params.descending("order", false);
        // Without a start, the newest rows are wanted: read them newest first, then put them in order.
        boolean readDescending = descending || start == null;

        List<String> columns = table.valueColumns().stream().map(TableSpec.Column::name).toList();
        String sql = "SELECT time, " + String.join(", ", columns) + " FROM " + table.table()
                + " WHERE instrument_id = ? AND time >= ? AND time <= ? ORDER BY time "
                + (readDescending ? "DESC" : "ASC") + " LIMIT ?";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            long instrumentId = InstrumentLookup.id(connection, listing);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setLong(1, instrumentId);
                select.setTimestamp(2, Timestamp.from(start == null ? Instant.EPOCH : start));
                select.setTimestamp(3, Timestamp.from(end == null ? Instant.parse("9999-12-31T00:00:00Z") : end));
                select.setInt(4, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, columns));
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
        body.put("count", rows.size());
        body.put("data", rows);
        return body;
    }

    private static Map<String, Object> row(ResultSet rs, List<String> columns) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", rs.getTimestamp(1).toInstant().toString());
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
