package dev.hoard.pipeline;

import dev.hoard.HoardHome;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A source's catalog CSV, read afresh at every pull so edits apply without a restart. Columns (by
 * header name, any order): {@code asset}, {@code metric}, {@code enabled}, {@code backfill_start}
 * (YYYY-MM-DD, empty for a metric without history), optional {@code canonical_asset}, and
 * {@code kind} where the source needs it. Blank lines and lines starting with {@code #} are skipped.
 * Any bad line fails the read with its line number: a typo is reported, never half applied.
 */
public final class MetricCatalog {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setCommentMarker('#').setIgnoreEmptyLines(true)
            .setTrim(true).get();

    private final String location;
    private final boolean kindRequired;

    /** @param location the CSV's path, relative to HOARD_HOME; missing there, the copy in the jar */
    public MetricCatalog(String location, boolean kindRequired) {
        this.location = location;
        this.kindRequired = kindRequired;
    }

    public String location() {
        return location;
    }

    public List<CatalogEntry> read() throws IOException {
        try (Reader reader = open(); CSVParser parser = FORMAT.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            for (String column : kindRequired ? List.of("asset", "kind", "metric", "enabled", "backfill_start")
                    : List.of("asset", "metric", "enabled", "backfill_start")) {
                if (!header.contains(column)) {
                    throw new IllegalArgumentException(location + ": no column " + column + " in header " + header);
                }
            }
            List<CatalogEntry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                CatalogEntry entry = entry(record, header, line);
                if (!seen.add(entry.asset() + "\0" + entry.metric())) {
                    throw new IllegalArgumentException(where(line) + "duplicate of an earlier line");
                }
                entries.add(entry);
            }
            return entries;
        }
    }

    private CatalogEntry entry(CSVRecord record, List<String> header, long line) {
        if (!record.isConsistent()) {
            throw new IllegalArgumentException(where(line) + "has " + record.size() + " fields, the header "
                    + header.size());
        }
        String asset = required(record, "asset", line);
        String metric = required(record, "metric", line);
        if (!metric.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException(where(line) + "metric '" + metric + "' is not a name");
        }
        String kind = kindRequired ? required(record, "kind", line).toLowerCase(Locale.ROOT) : null;
        String enabled = required(record, "enabled", line).toLowerCase(Locale.ROOT);
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException(where(line) + "enabled must be true or false, not '" + enabled + "'");
        }
        String start = optional(record, "backfill_start");
        LocalDate backfillStart;
        try {
            backfillStart = start == null ? null : LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where(line) + "backfill_start '" + start + "' is not YYYY-MM-DD");
        }
        return new CatalogEntry(asset, kind, metric.toUpperCase(Locale.ROOT), enabled.equals("true"), backfillStart,
                optional(record, "canonical_asset"), line);
    }

    private String required(CSVRecord record, String column, long line) {
        String value = optional(record, column);
        if (value == null) {
            throw new IllegalArgumentException(where(line) + column + " is empty");
        }
        return value;
    }

    private static String optional(CSVRecord record, String column) {
        if (!record.isMapped(column) || !record.isSet(column)) {
            return null;
        }
        String value = record.get(column);
        return value.isEmpty() ? null : value;
    }

    private String where(long line) {
        return location + " line " + line + ": ";
    }

    private Reader open() throws IOException {
        return HoardHome.file(location).open();
    }

    /** Where the catalog is read from: the file, or the copy packaged in Hoard when the file is missing. */
    public String describe() {
        return HoardHome.file(location).describe();
    }

    /**
     * Those of {@code names} (source or canonical asset ids, as {@code --assets} takes them) that no
     * enabled entry stands for: a check a command can make before it starts anything.
     */
    public Set<String> unmatched(Collection<String> names) throws IOException {
        Set<String> unmatched = new TreeSet<>();
        List<CatalogEntry> entries = read();
        for (String name : names) {
            String wanted = name.trim();
            if (entries.stream().noneMatch(e -> e.enabled()
                    && (wanted.equals(e.asset()) || wanted.equalsIgnoreCase(e.canonicalAsset())))) {
                unmatched.add(wanted);
            }
        }
        return unmatched;
    }
}
