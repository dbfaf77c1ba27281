package dev.hoard.sink;

import static dev.hoard.sink.TableSpec.column;

import dev.hoard.model.MetricData;
import dev.hoard.model.MetricPoint;
import dev.hoard.pipeline.MetricPullOutcomes;
import dev.hoard.pipeline.PullLog;
import dev.hoard.pipeline.PullUnit;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Writes one pull unit as one transaction: its closed days (the upstream's own timestamps, ON
 * CONFLICT DO NOTHING, so a backfill never rewrites a stored day), for a live unit today's value
 * (each series' newest point stamped at its UTC midnight, ON CONFLICT DO UPDATE), its cursor and
 * its pulls row.
 */
public final class MetricsWriter {

    public static final TableSpec METRICS = new TableSpec("metrics", List.of(
            column("source", "text"),
            column("asset", "text"),
            column("metric", "text"),
            column("time", "timestamptz"),
            column("value", "numeric"),
            column("pulled_at", "timestamptz")),
            List.of("source", "asset", "metric", "time"));

    private final DataSource dataSource;
    private final BulkUpsertWriter writer;
    private final MetricCursors cursors;
    private final PullLog pulls;
    private final Clock clock;

    public MetricsWriter(DataSource dataSource, BulkUpsertWriter writer, Clock clock) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.cursors = new MetricCursors(dataSource);
        this.pulls = new PullLog(dataSource, clock);
        this.clock = clock;
    }

    public void write(MetricData data, Exchange exchange) throws SQLException {
        PullUnit unit = exchange.getProperty(MetricPullOutcomes.UNIT, PullUnit.class);
        List<MetricPoint> closedDays = data.daily().stream().filter(p -> unit.backfills(p.time())).toList();
        List<MetricPoint> today = unit.live() ? newestPerSeries(data) : List.of();
        Instant pulledAt = clock.instant();
        String status = data.noData() == null ? "success" : "no_data";
        long records = Transactions.inTransaction(dataSource, connection -> {
            long written = writer.upsert(connection, METRICS, ConflictPolicy.DO_NOTHING,
                    rows(unit.source(), closedDays, pulledAt));
            written += writer.upsert(connection, METRICS, ConflictPolicy.OVERWRITE, rows(unit.source(), today, pulledAt));
            cursors.advance(connection, unit, coveredThrough(unit, closedDays), pulledAt);
            pulls.recorded(connection, unit, exchange.getProperty(MetricPullOutcomes.UNIT_STARTED, Instant.class),
                    status, written, data.noData());
            return written;
        });
        exchange.setProperty(MetricPullOutcomes.STATUS, status);
        exchange.setProperty(MetricPullOutcomes.RECORDS, records);
    }

    /** Each series' newest point, stamped at the midnight UTC of its day. */
    static List<MetricPoint> newestPerSeries(MetricData data) {
        Map<String, MetricPoint> newest = new LinkedHashMap<>();
        Stream.concat(data.daily().stream(), data.current().stream())
                .sorted(Comparator.comparing(MetricPoint::time))
                .forEach(p -> newest.put(p.asset() + "\0" + p.metric(), p));
        return newest.values().stream()
                .map(p -> new MetricPoint(p.asset(), p.metric(), p.time().truncatedTo(ChronoUnit.DAYS), p.value()))
                .toList();
    }

    /**
     * The day the entry is backfilled through after this unit: a window that ends before yesterday
     * is covered whole (the upstream answered for every day of it); one that reaches yesterday only
     * up to its newest point, so days the upstream has yet to publish are asked for again.
     */
    static LocalDate coveredThrough(PullUnit unit, List<MetricPoint> closedDays) {
        if (unit.firstDay() == null) {
            return null;
        }
        if (unit.closed()) {
            return unit.lastDay();
        }
        return closedDays.stream().map(p -> LocalDate.ofInstant(p.time(), ZoneOffset.UTC))
                .max(Comparator.naturalOrder()).orElse(null);
    }

    private static List<Object[]> rows(String source, List<MetricPoint> points, Instant pulledAt) {
        List<Object[]> rows = new ArrayList<>(points.size());
        for (MetricPoint p : points) {
            rows.add(new Object[] {source, p.asset(), p.metric(), p.time(), p.value(), pulledAt});
        }
        return rows;
    }

    /**
     * The destructive start-fresh: deletes the stored metrics and cursors of {@code source} (of
     * {@code assets} only, when given, a protocol's per-chain series included) in one transaction.
     */
    public long startFresh(String source, String[] assets) throws SQLException {
        return Transactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM metrics WHERE source = ?"
                    + (assets == null ? "" : " AND (asset = ANY (?::text[]) OR split_part(asset, '/', 1) = ANY (?::text[]))"))) {
                delete.setString(1, source);
                if (assets != null) {
                    delete.setArray(2, connection.createArrayOf("text", assets));
                    delete.setArray(3, connection.createArrayOf("text", assets));
                }
                long deleted = delete.executeLargeUpdate();
                cursors.delete(connection, source, assets);
                return deleted;
            }
        });
    }
}
