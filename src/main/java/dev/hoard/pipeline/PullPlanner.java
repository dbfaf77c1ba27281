package dev.hoard.pipeline;

import dev.hoard.sink.MetricCursors;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Turns a source's catalog and cursors into the units of one pull. Each enabled entry starts the day
 * after its cursor (or at its backfill start): a backfill asks up to yesterday, a live pull up to
 * today. A window longer than {@code maxDaysPerRequest} (0: no limit) is cut into several units.
 *
 * <p>Headers: {@value #MODE} ({@code live} or {@code backfill}) and, optionally, {@value #ASSETS}
 * (a collection or comma-separated list of source or canonical asset ids).
 */
public final class PullPlanner {

    public static final String MODE = "hoardPullMode";
    public static final String ASSETS = "hoardPullAssets";

    private final String source;
    private final MetricCatalog catalog;
    private final MetricRequestBuilder requests;
    private final MetricCursors cursors;
    private final PullLog pulls;
    private final Clock clock;
    private final int maxDaysPerRequest;

    public PullPlanner(String source, MetricCatalog catalog, MetricRequestBuilder requests, DataSource dataSource,
                       Clock clock, int maxDaysPerRequest) {
        this.source = source;
        this.catalog = catalog;
        this.requests = requests;
        this.cursors = new MetricCursors(dataSource);
        this.pulls = new PullLog(dataSource, clock);
        this.clock = clock;
        this.maxDaysPerRequest = maxDaysPerRequest;
    }

    public List<PullUnit> plan(Exchange exchange) throws Exception {
        PullMode mode = PullMode.parse(exchange.getMessage().getHeader(MODE));
        Set<String> assets = assets(exchange.getMessage().getHeader(ASSETS));
        Instant started = clock.instant();
        exchange.setProperty(MetricPullOutcomes.SOURCE, source);
        exchange.setProperty(MetricPullOutcomes.MODE, mode);
        exchange.setProperty(MetricPullOutcomes.STARTED, started);
        List<CatalogEntry> entries;
        Map<String, LocalDate> cursorsByEntry;
        try {
            entries = catalog.read();
            entries.forEach(requests::check);
            cursorsByEntry = cursors.read(source);
        } catch (Exception e) {
            pulls.pullFailed(source, mode, started, PipelineRunLog.oneLine(e));
            throw e;
        }
        LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
        List<PullUnit> units = new ArrayList<>();
        Set<String> matched = new TreeSet<>();
        for (CatalogEntry entry : entries) {
            if (!entry.enabled() || !(assets.isEmpty() || matches(entry, assets, matched))) {
                continue;
            }
            units.addAll(units(entry, mode, cursorsByEntry.get(MetricCursors.key(entry.asset(), entry.metric())), today));
        }
        Set<String> unmatched = new TreeSet<>(assets);
        unmatched.removeAll(matched);
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("no enabled " + source + " catalog entry for " + unmatched
                    + " (" + catalog.location() + ")");
        }
        return units;
    }

    /** The catalog's own asset ids that {@code names} (source or canonical ids) stand for. */
    public String[] catalogAssets(Collection<String> names) throws java.io.IOException {
        Set<String> wanted = assets(names);
        Set<String> found = new TreeSet<>();
        for (CatalogEntry entry : catalog.read()) {
            if (matches(entry, wanted, new TreeSet<>())) {
                found.add(entry.asset());
            }
        }
        return found.toArray(String[]::new);
    }

    List<PullUnit> units(CatalogEntry entry, PullMode mode, LocalDate cursor, LocalDate today) {
        LocalDate yesterday = today.minusDays(1);
        LocalDate first = entry.backfillStart() == null ? null
                : cursor == null || cursor.isBefore(entry.backfillStart()) ? entry.backfillStart() : cursor.plusDays(1);
        LocalDate last = mode == PullMode.LIVE ? today : yesterday;
        if (first == null || first.isAfter(last)) {
            return mode == PullMode.LIVE
                    ? List.of(new PullUnit(source, entry, mode, null, today, cursor, today, true))
                    : List.of();
        }
        List<PullUnit> units = new ArrayList<>();
        LocalDate expected = cursor;
        for (LocalDate from = first; !from.isAfter(last); ) {
            LocalDate to = maxDaysPerRequest <= 0 ? last : min(last, from.plusDays(maxDaysPerRequest - 1L));
            units.add(new PullUnit(source, entry, mode, from, to, expected, today,
                    mode == PullMode.LIVE && to.equals(last)));
            expected = to;
            from = to.plusDays(1);
        }
        return units;
    }

    private static boolean matches(CatalogEntry entry, Set<String> assets, Set<String> matched) {
        for (String asset : assets) {
            if (asset.equals(entry.asset()) || asset.equalsIgnoreCase(entry.canonicalAsset())) {
                matched.add(asset);
                return true;
            }
        }
        return false;
    }

    private static Set<String> assets(Object header) {
        if (header == null) {
            return Set.of();
        }
        Collection<?> values = header instanceof Collection<?> c ? c : List.of(header.toString().split(","));
        return values.stream().map(v -> v.toString().trim()).filter(v -> !v.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
