package dev.hoard.sink;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The one path by which every dataset reaches PostgreSQL. Rows are streamed with COPY into a
 * session-local staging table, then moved into the keyed table by a single
 * {@code INSERT … SELECT … ON CONFLICT} under the chosen {@link ConflictPolicy}.
 *
 * <p>It never commits: the caller owns the transaction, so a unit of work (a snapshot, a page, an
 * S3 object, with its cursor) is written all or nothing. See BENCHMARKS.md for its throughput next
 * to raw COPY into the same table.
 */
public final class BulkUpsertWriter {

    private static final int FLUSH_CHARS = 1 << 20;

    private final java.util.concurrent.ConcurrentHashMap<String, io.micrometer.core.instrument.Counter> rowCounters =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code hoard.rows.written{table}}: rows inserted or changed by upserts (counted when the statement ran). */
    private io.micrometer.core.instrument.Counter rowsWritten(String table) {
        return rowCounters.computeIfAbsent(table, t -> io.micrometer.core.instrument.Counter.builder("hoard.rows.written")
                .description("rows inserted or changed, per table").tag("table", t)
                .register(io.micrometer.core.instrument.Metrics.globalRegistry));
    }

    /** Upserts {@code rows} (values in {@link TableSpec#columns()} order) and returns rows changed. */
    public long upsert(Connection connection, TableSpec spec, ConflictPolicy policy, Iterable<Object[]> rows)
            throws SQLException {
        requireTransaction(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute(stagingDdl(spec));
            long copied = copy(connection, spec.stagingTable(), spec, rows);
            if (copied == 0) {
                return 0;
            }
            long changed = statement.executeLargeUpdate(upsertSql(spec, policy));
            statement.execute("TRUNCATE " + spec.stagingTable());
            rowsWritten(spec.table()).increment(changed);
            return changed;
        }
    }

    /**
     * Plain COPY straight into {@code spec.table()}, with no conflict handling: the ceiling the
     * upsert path is measured against. It fails on the first duplicate key.
     */
    public long copyInto(Connection connection, TableSpec spec, Iterable<Object[]> rows) throws SQLException {
        return copy(connection, spec.table(), spec, rows);
    }

    private static long copy(Connection connection, String table, TableSpec spec, Iterable<Object[]> rows)
            throws SQLException {
        int width = spec.columns().size();
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + spec.columnList() + ") FROM STDIN");
        long count = 0;
        try {
            StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
            for (Object[] row : rows) {
                if (row.length != width) {
                    throw new IllegalArgumentException(spec.table() + " row has " + row.length
                            + " values, expected " + width);
                }
                for (int i = 0; i < width; i++) {
                    if (i > 0) {
                        buffer.append('\t');
                    }
                    CopyEncoder.append(buffer, row[i]);
                }
                buffer.append('\n');
                count++;
                if (buffer.length() >= FLUSH_CHARS) {
                    write(copyIn, buffer);
                }
            }
            write(copyIn, buffer);
            copyIn.endCopy();
            return count;
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copyIn, StringBuilder buffer) throws SQLException {
        if (buffer.length() > 0) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copyIn.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    private static String stagingDdl(TableSpec spec) {
        String columns = spec.columns().stream().map(c -> c.name() + " " + c.type())
                .collect(Collectors.joining(", "));
        return "CREATE TEMP TABLE IF NOT EXISTS " + spec.stagingTable() + " (" + columns + ") ON COMMIT DELETE ROWS";
    }

    static String upsertSql(TableSpec spec, ConflictPolicy policy) {
        String columns = spec.columnList();
        String insert = "INSERT INTO " + spec.table() + " AS t (" + columns + ") ";
        if (policy == ConflictPolicy.DO_NOTHING || spec.valueColumns().isEmpty()) {
            return insert + "SELECT " + columns + " FROM " + spec.stagingTable()
                    + " ON CONFLICT (" + spec.keyList() + ") DO NOTHING";
        }
        if (policy == ConflictPolicy.KEEP_FINAL && spec.finalColumn() == null) {
            throw new IllegalArgumentException(spec.table() + " has no final column for KEEP_FINAL");
        }
        // DO UPDATE may touch a row only once per statement: the last staged row of a key wins.
        String source = "SELECT DISTINCT ON (" + spec.keyList() + ") " + columns + " FROM " + spec.stagingTable()
                + " ORDER BY " + spec.keyList() + ", ctid DESC";
        String newValue = policy == ConflictPolicy.MERGE ? "COALESCE(EXCLUDED.%1$s, t.%1$s)" : "EXCLUDED.%1$s";
        String assignments = spec.valueColumns().stream()
                .map(c -> c.name() + " = " + String.format(newValue, c.name()))
                .collect(Collectors.joining(", "));
        if (spec.touchColumn() != null) {
            assignments += ", " + spec.touchColumn() + " = now()";
        }
        String current = spec.valueColumns().stream().map(c -> "t." + c.name()).collect(Collectors.joining(", "));
        String proposed = spec.valueColumns().stream().map(c -> String.format(newValue, c.name()))
                .collect(Collectors.joining(", "));
        // Skip no-op updates, so a rerun rewrites nothing; a final row is never rewritten under KEEP_FINAL.
        String guard = "(" + current + ") IS DISTINCT FROM (" + proposed + ")";
        if (policy == ConflictPolicy.KEEP_FINAL) {
            guard = "NOT t." + spec.finalColumn() + " AND " + guard;
        }
        return insert + source + " ON CONFLICT (" + spec.keyList() + ") DO UPDATE SET " + assignments
                + " WHERE " + guard;
    }

    private static void requireTransaction(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("BulkUpsertWriter needs a transaction (autoCommit=false)");
        }
    }
}
