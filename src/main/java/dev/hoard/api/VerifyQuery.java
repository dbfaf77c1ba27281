package dev.hoard.api;

import dev.hoard.model.CandleInterval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Proves a candle store complete, per (exchange, symbol, interval) of the {@code candles} table: first and
 * last open time, rows against the count expected by stepping the interval from the first to the last
 * (1w from Monday, 1M by calendar month), missing candles as ranges, duplicate open times (impossible by
 * the primary key, checked anyway), provisional rows older than their close plus a grace, and the lag of the
 * newest final row. A candle with zero volume is a row like any other: only absent open times are gaps.
 * Used by {@code verify} and {@code GET /verify}.
 */
public final class VerifyQuery {

    /** Missing ranges reported per series; the count of missing candles is always complete. */
    public static final int MAX_RANGES = 100;

    private static final String STEPS = """
            (VALUES ('1m', interval '1 minute'), ('3m', interval '3 minutes'), ('5m', interval '5 minutes'),
                    ('15m', interval '15 minutes'), ('30m', interval '30 minutes'), ('1h', interval '1 hour'),
                    ('2h', interval '2 hours'), ('4h', interval '4 hours'), ('6h', interval '6 hours'),
                    ('8h', interval '8 hours'), ('12h', interval '12 hours'), ('1d', interval '1 day'),
                    ('3d', interval '3 days'), ('1w', interval '7 days'), ('1M', interval '1 month')) AS steps(code, step)""";

    private static final String SERIES = """
            SELECT i.exchange, i.symbol, c.interval, min(c.open_time), max(c.open_time), count(*),
                   count(DISTINCT c.open_time), count(*) FILTER (WHERE c.volume = 0),
                   count(*) FILTER (WHERE NOT c.is_final AND c.close_time + ?::interval < ?),
                   max(c.close_time) FILTER (WHERE c.is_final)
              FROM candles c JOIN instruments i ON i.id = c.instrument_id
             WHERE (?::text IS NULL OR i.exchange = ?) AND (?::text IS NULL OR i.symbol = ?)
               AND (?::text IS NULL OR c.interval = ?)
             GROUP BY i.exchange, i.symbol, c.interval
             ORDER BY i.exchange, i.symbol, c.interval""";

    /** Each stored open time whose successor is further than one step away: the gap lies in between. */
    private static final String GAPS = """
            SELECT g.open_time, g.next_open FROM (
                SELECT c.open_time, lead(c.open_time) OVER (ORDER BY c.open_time) AS next_open
                  FROM candles c JOIN instruments i ON i.id = c.instrument_id
                 WHERE i.exchange = ? AND i.symbol = ? AND c.interval = ?) g
              JOIN %s ON steps.code = ?
             WHERE g.next_open > ((g.open_time AT TIME ZONE 'UTC') + steps.step) AT TIME ZONE 'UTC'
             ORDER BY g.open_time""".formatted(STEPS);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration provisionalGrace;

    public VerifyQuery(DataSource dataSource, Clock clock, Duration provisionalGrace) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.provisionalGrace = provisionalGrace;
    }

    /** One missing range: candles opening in [from, to). */
    public record Gap(Instant from, Instant to, long missing) {
    }

    /** The findings of one (exchange, symbol, interval). */
    public record Series(String exchange, String symbol, String interval, Instant firstOpen, Instant lastOpen,
                         long rows, long expected, long missing, List<Gap> gaps, long duplicates, long zeroVolume,
                         long staleProvisional, Long lagSeconds) {

        public boolean ok() {
            return missing == 0 && duplicates == 0 && staleProvisional == 0;
        }
    }

    /** Every series matching the filters (each may be null). */
    public List<Series> verify(String exchange, String symbol, String interval) throws SQLException {
        Instant now = clock.instant();
        List<Series> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement series = c.prepareStatement(SERIES);
             PreparedStatement gaps = c.prepareStatement(GAPS)) {
            series.setString(1, provisionalGrace.toMillis() + " milliseconds");
            series.setTimestamp(2, Timestamp.from(now));
            int p = 3;
            for (String filter : new String[] {exchange, symbol, interval}) {
                series.setString(p++, filter);
                series.setString(p++, filter);
            }
            try (ResultSet rs = series.executeQuery()) {
                while (rs.next()) {
                    all.add(series(rs, gaps, now));
                }
            }
        }
        return all;
    }

    private static Series series(ResultSet rs, PreparedStatement gapQuery, Instant now) throws SQLException {
        String exchange = rs.getString(1);
        String symbol = rs.getString(2);
        String code = rs.getString(3);
        Instant first = rs.getTimestamp(4).toInstant();
        Instant last = rs.getTimestamp(5).toInstant();
        long rows = rs.getLong(6);
        long distinct = rs.getLong(7);
        Timestamp newestFinalClose = rs.getTimestamp(10);
        Long lag = newestFinalClose == null ? null
                : Math.max(0, Duration.between(newestFinalClose.toInstant().plusMillis(1), now).toSeconds());
        CandleInterval interval = CandleInterval.find(code).orElse(null);
        long expected = interval == null ? distinct : interval.count(first, interval.next(last));
        List<Gap> gaps = new ArrayList<>();
        long missing = 0;
        if (interval != null) {
            gapQuery.setString(1, exchange);
            gapQuery.setString(2, symbol);
            gapQuery.setString(3, code);
            gapQuery.setString(4, code);
            try (ResultSet g = gapQuery.executeQuery()) {
                while (g.next()) {
                    Instant from = interval.next(g.getTimestamp(1).toInstant());
                    Instant to = g.getTimestamp(2).toInstant();
                    long count = interval.count(from, to);
                    missing += count;
                    if (gaps.size() < MAX_RANGES) {
                        gaps.add(new Gap(from, to, count));
                    }
                }
            }
        }
        return new Series(exchange, symbol, code, first, last, rows, expected, missing, gaps, rows - distinct,
                rs.getLong(8), rs.getLong(9), lag);
    }

    /** {@code GET /verify?exchange&symbol&interval}: 200 with {@code "ok"} false when anything is wrong. */
    public Map<String, Object> handle(Exchange exchange) throws SQLException {
        ApiParams params = new ApiParams(exchange.getMessage());
        String interval = params.text("interval");
        if (interval != null && CandleInterval.find(interval).isEmpty()) {
            throw ApiException.badParameter("interval", "unknown interval " + interval);
        }
        List<Series> found = verify(params.text("exchange"), params.text("symbol"), interval);
        List<Map<String, Object>> series = new ArrayList<>();
        for (Series s : found) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("exchange", s.exchange());
            row.put("symbol", s.symbol());
            row.put("interval", s.interval());
            row.put("first_open", s.firstOpen().toString());
            row.put("last_open", s.lastOpen().toString());
            row.put("rows", s.rows());
            row.put("expected", s.expected());
            row.put("missing", s.missing());
            row.put("gaps", s.gaps().stream().map(g -> Map.of("from", g.from().toString(), "to", g.to().toString(),
                    "missing", g.missing())).toList());
            row.put("duplicates", s.duplicates());
            row.put("zero_volume", s.zeroVolume());
            row.put("stale_provisional", s.staleProvisional());
            row.put("lag_seconds", s.lagSeconds());
            row.put("ok", s.ok());
            series.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", found.stream().allMatch(Series::ok));
        body.put("checked_at", clock.instant().toString());
        body.put("count", series.size());
        body.put("series", series);
        return body;
    }

    /** One line per series, for the command line. */
    public static String line(Series s) {
        return String.format("%-12s %-10s %-4s %s .. %s rows=%d expected=%d missing=%d%s duplicates=%d zero_volume=%d"
                        + " stale_provisional=%d lag=%s %s", s.exchange(), s.symbol(), s.interval(), s.firstOpen(),
                s.lastOpen(), s.rows(), s.expected(), s.missing(),
                s.gaps().isEmpty() ? "" : " gaps=" + s.gaps().stream().map(g -> "[" + g.from() + "," + g.to() + ")")
                        .reduce((a, b) -> a + "," + b).orElse(""),
                s.duplicates(), s.zeroVolume(), s.staleProvisional(), s.lagSeconds() == null ? "-" : s.lagSeconds() + "s",
                s.ok() ? "OK" : "FAIL");
    }
}
