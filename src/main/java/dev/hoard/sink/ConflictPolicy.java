package dev.hoard.sink;

/** What an upsert does with a row whose key is already stored. */
public enum ConflictPolicy {
    /** Keep the stored row as it is: snapshots and backfills that must never rewrite history. */
    DO_NOTHING,
    /** Fill only what the stored row lacks: a field present in either source survives (COALESCE). */
    MERGE,
    /** Replace every value column with the new one: refreshes of a still-moving value. */
    OVERWRITE,
    /**
     * Replace the stored row unless it is final: a provisional row follows every newer report, and
     * a final row never changes again (the table names its final column).
     */
    KEEP_FINAL
}
