package dev.hoard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/v1/twaps} (one wallet's TWAPs, paged in SQL) and {@code GET /api/v1/twaps/{twap_id}}
 * (one TWAP's rows, newest first). Only the requested page is read from the database.
 */
public final class TwapQuery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OFFSET = 10_000_000;
    private static final String COLUMNS = "twap_id, wallet, ts, asset, side, status, duration_minutes, size_requested,"
            + " size_executed, notional_executed, reduce_only, randomize, s3_object_key, raw_payload";

    private final DataSource dataSource;
    private final int defaultLimit;
    private final int maxLimit;

    public TwapQuery(DataSource dataSource, int defaultLimit, int maxLimit) {
        this.dataSource = dataSource;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /**
     * {@code wallet} (required), {@code start}/{@code end} (inclusive), {@code asset},
     * {@code latest_per_twap} (default true: one entry per TWAP, its newest row in the range; false:
     * every status row), {@code limit}, {@code offset}. Newest first.
     */
    public Map<String, Object> list(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        String wallet = params.name("wallet");
        ApiParams.TimeRange range = params.range("start", "end");
        Instant start = range.start();
        Instant end = range.end();
        String asset = params.text("asset") == null ? null : params.name("asset");
        boolean latestPerTwap = bool(params, "latest_per_twap", true);
        int limit = params.limit("limit", defaultLimit, maxLimit);
        int offset = offset(params);

        String filter = "wallet = ? AND ts >= ? AND ts <= ?" + (asset == null ? "" : " AND asset = ?");
        String rows = latestPerTwap
                ? "SELECT DISTINCT ON (twap_id) " + COLUMNS + " FROM twap_status WHERE " + filter
                        + " ORDER BY twap_id, ts DESC"
                : "SELECT " + COLUMNS + " FROM twap_status WHERE " + filter;
        String sql = "SELECT * FROM (" + rows + ") r ORDER BY ts DESC, twap_id DESC LIMIT ? OFFSET ?";
        List<Map<String, Object>> twaps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setString(i++, wallet);
            select.setTimestamp(i++, Timestamp.from(start == null ? Instant.EPOCH : start));
            select.setTimestamp(i++, Timestamp.from(end == null ? Instant.parse("9999-12-31T00:00:00Z") : end));
            if (asset != null) {
                select.setString(i++, asset);
            }
            select.setInt(i++, limit);
            select.setInt(i, offset);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    twaps.add(summary(rs));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wallet", wallet);
        body.put("start", start == null ? null : start.toString());
        body.put("end", end == null ? null : end.toString());
        body.put("twaps", twaps);
        return body;
    }

    /** Every row of one TWAP, newest first ({@code limit}, {@code offset}); 404 when there is none. */
    public Map<String, Object> byId(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        long twapId = twapId(params);
        int limit = params.limit("limit", defaultLimit, maxLimit);
        int offset = offset(params);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM twap_status WHERE twap_id = ? ORDER BY ts DESC, wallet LIMIT ? OFFSET ?")) {
            select.setLong(1, twapId);
            select.setInt(2, limit);
            select.setInt(3, offset);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(detail(rs));
                }
            }
        }
        if (rows.isEmpty() && offset == 0) {
            throw ApiException.notFound("no TWAP " + twapId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("twap_id", twapId);
        body.put("count", rows.size());
        body.put("rows", rows);
        return body;
    }

    private static Map<String, Object> summary(ResultSet rs) throws SQLException {
        Map<String, Object> twap = new LinkedHashMap<>();
        twap.put("twap_id", rs.getLong("twap_id"));
        twap.put("asset", rs.getString("asset"));
        twap.put("side", rs.getString("side"));
        twap.put("status", rs.getString("status"));
        twap.put("duration_minutes", rs.getObject("duration_minutes"));
        twap.put("latest_ts", rs.getTimestamp("ts").toInstant().toString());
        twap.put("executed", executed(rs));
        twap.put("raw", raw(rs));
        return twap;
    }

    private static Map<String, Object> detail(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("twap_id", rs.getLong("twap_id"));
        row.put("wallet", rs.getString("wallet"));
        row.put("ts", rs.getTimestamp("ts").toInstant().toString());
        row.put("asset", rs.getString("asset"));
        row.put("side", rs.getString("side"));
        row.put("status", rs.getString("status"));
        row.put("duration_minutes", rs.getObject("duration_minutes"));
        row.put("size_requested", SeriesQuery.jsonValue(rs.getBigDecimal("size_requested")));
        row.put("executed", executed(rs));
        row.put("reduce_only", rs.getObject("reduce_only"));
        row.put("randomize", rs.getObject("randomize"));
        row.put("s3_object_key", rs.getString("s3_object_key"));
        row.put("raw", raw(rs));
        return row;
    }

    private static Map<String, Object> executed(ResultSet rs) throws SQLException {
        Map<String, Object> executed = new LinkedHashMap<>();
        executed.put("size", SeriesQuery.jsonValue(rs.getBigDecimal("size_executed")));
        executed.put("notional", SeriesQuery.jsonValue(rs.getBigDecimal("notional_executed")));
        return executed;
    }

    private static JsonNode raw(ResultSet rs) throws SQLException {
        String raw = rs.getString("raw_payload");
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new SQLException("raw_payload is not JSON", e);
        }
    }

    private static long twapId(ApiParams params) {
        String text = params.text("twap_id");
        if (text == null || !text.matches("\\d{1,18}")) {
            throw ApiException.badParameter("twap_id", "twap_id must be a whole number");
        }
        return Long.parseLong(text);
    }

    private static int offset(ApiParams params) {
        String text = params.text("offset");
        if (text == null) {
            return 0;
        }
        if (!text.matches("\\d{1,8}") || Integer.parseInt(text) > MAX_OFFSET) {
            throw ApiException.badParameter("offset", "offset must be a whole number from 0 to " + MAX_OFFSET);
        }
        return Integer.parseInt(text);
    }

    private static boolean bool(ApiParams params, String name, boolean defaultValue) {
        String text = params.text(name);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badParameter(name, name + " must be true or false");
        };
    }
}
