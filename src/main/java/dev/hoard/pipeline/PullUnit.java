package dev.hoard.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One unit of work of a metric pull: one request for one catalog entry, written in one transaction
 * with its pulls row and its cursor.
 *
 * @param firstDay       first UTC day it asks for and backfills (null: the entry has no history)
 * @param lastDay        last UTC day it asks for (today for a live pull, else at most yesterday)
 * @param expectedCursor the entry's cursor this unit continues from; the cursor moves only from there,
 *                       so a failed unit is never skipped over by a later one
 * @param today          the UTC day of the pull: days before it are closed
 * @param live           whether it refreshes today's value
 */
public record PullUnit(String source, CatalogEntry entry, PullMode mode, LocalDate firstDay, LocalDate lastDay,
                       LocalDate expectedCursor, LocalDate today, boolean live) {

    public Instant todayStart() {
        return today.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether {@code time} falls in the closed days this unit backfills. */
    public boolean backfills(Instant time) {
        if (firstDay == null) {
            return false;
        }
        LocalDate last = lastDay.isBefore(today) ? lastDay : today.minusDays(1);
        return !time.isBefore(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant())
                && time.isBefore(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Whether it ends before yesterday: then it covers its days even where the upstream had no data. */
    public boolean closed() {
        return lastDay.isBefore(today.minusDays(1));
    }

    /** For logs and the CLI: no URL, no key. */
    public String describe() {
        return source + " " + entry.asset() + " " + entry.metric() + " " + mode.label()
                + (firstDay == null ? "" : " from " + firstDay) + " to " + lastDay;
    }
}
