package dev.hoard.api;

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
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * The metrics API: {@code GET /metrics-data} (one page of rows, filtered by {@code source},
 * {@code asset}, {@code metric}, {@code start}, {@code end}, with {@code limit} and {@code order};
 * without {@code start} the newest rows), {@code GET /metrics-data/latest} (each asset's newest value
 * of one metric) and {@code GET /sources} (per source: records, assets, earliest and latest time).
 * Parameterised SQL only; values are exact decimal strings, times ISO-8601 UTC.
 */
public final class MetricsQuery {

    /** Asset ids are the sources' own: DefiLlama chains have spaces ({@code Hyperliquid L1}). */
    private static final String ASSET = "[A-Za-z0-9 ._:@/#-]+";
    private static final int MAX_ASSETS = 100;

    private final DataSource dataSource;
    private final int defaultLimit;
    private final int maxLimit;

    public MetricsQuery(DataSource dataSource, int defaultLimit, int maxLimit) {
        this.dataSource = dataSource;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    public Map<String, Object> data(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        String source = optional(params, "source", "[a-z0-9_-]+");
        String asset = optional(params, "asset", ASSET);
        String metric = metric(params, false);
        ApiParams.TimeRange range = params.range("start", "end");
        Instant start = range.start();
        Instant end = range.end();
        int limit = params.limit("limit", defaultLimit, maxLimit);
        boolean descending = params.descending("order", false);
        boolean readDescending = descending || start == null;
        String sql = "SELECT source, asset, metric, time, value, pulled_at FROM metrics"
                + " WHERE (?::text IS NULL OR source = ?) AND (?::text IS NULL OR asset = ?)"
                + " AND (?::text IS NULL OR metric = ?) AND time >= ? AND time <= ?"
                + " ORDER BY time " + (readDescending ? "DESC" : "ASC") + ", source, asset, metric LIMIT ?";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            for (String value : new String[] {source, asset, metric}) {
                select.setString(i++, value);
                select.setString(i++, value);
            }
            select.setTimestamp(i++, Timestamp.from(start == null ? Instant.EPOCH : start));
            select.setTimestamp(i++, Timestamp.from(end == null ? Instant.parse("9999-12-31T00:00:00Z") : end));
            select.setInt(i, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, true));
                }
            }
        }
        if (readDescending && !descending) {
            Collections.reverse(rows);
        }
        return page(rows);
    }

    public Map<String, Object> latest(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        String metric = metric(params, true);
        String source = optional(params, "source", "[a-z0-9_-]+");
        String list = params.text("assets");
        String[] assets = list == null ? null : list.split("\\s*,\\s*");
        if (assets != null) {
            if (assets.length > MAX_ASSETS) {
                throw ApiException.badParameter("assets", "assets lists more than " + MAX_ASSETS + " assets");
            }
            for (String asset : assets) {
                if (!asset.matches(ASSET)) {
                    throw ApiException.badParameter("assets", "assets has characters outside " + ASSET);
                }
            }
        }
        String sql = "SELECT DISTINCT ON (source, asset) source, asset, metric, time, value, pulled_at FROM metrics"
                + " WHERE metric = ? AND (?::text IS NULL OR source = ?) AND (?::text[] IS NULL OR asset = ANY (?::text[]))"
                + " ORDER BY source, asset, time DESC";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, metric);
            select.setString(2, source);
            select.setString(3, source);
            java.sql.Array array = assets == null ? null : connection.createArrayOf("text", assets);
            select.setArray(4, array);
            select.setArray(5, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, false));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metric", metric);
        body.putAll(page(rows));
        return body;
    }

    public Map<String, Object> sources() throws SQLException {
        Map<String, Object> sources = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement("""
                SELECT source, count(*), count(DISTINCT asset), count(DISTINCT metric), min(time), max(time)
                  FROM metrics GROUP BY source ORDER BY source""");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> source = new LinkedHashMap<>();
                source.put("records", rs.getLong(2));
                source.put("assets", rs.getLong(3));
                source.put("metrics", rs.getLong(4));
                source.put("earliest", SeriesQuery.jsonValue(rs.getTimestamp(5)));
                source.put("latest", SeriesQuery.jsonValue(rs.getTimestamp(6)));
                sources.put(rs.getString(1), source);
            }
        }
        return Map.of("sources", sources);
    }

    private static String metric(ApiParams params, boolean required) {
        String metric = optional(params, "metric", "[A-Za-z0-9_]+");
        if (metric == null && required) {
            throw ApiException.badParameter("metric", "metric is required");
        }
        return metric == null ? null : metric.toUpperCase(Locale.ROOT);
    }

    private static String optional(ApiParams params, String name, String pattern) {
        String value = params.text(name);
        if (value != null && !value.matches(pattern)) {
            throw ApiException.badParameter(name, name + " has characters outside " + pattern);
        }
        return value;
    }

    private static Map<String, Object> row(ResultSet rs, boolean withMetric) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("source", rs.getString("source"));
        row.put("asset", rs.getString("asset"));
        if (withMetric) {
            row.put("metric", rs.getString("metric"));
        }
        row.put("time", SeriesQuery.jsonValue(rs.getTimestamp("time")));
        row.put("value", SeriesQuery.jsonValue(rs.getBigDecimal("value")));
        row.put("pulled_at", SeriesQuery.jsonValue(rs.getTimestamp("pulled_at")));
        return row;
    }

    private static Map<String, Object> page(List<Map<String, Object>> rows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", rows.size());
        body.put("data", rows);
        return body;
    }
}
