package dev.hoard.sink;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the bulk writer needs to know of a table: the columns it fills (name and PostgreSQL type, in
 * the order rows carry them), the natural key the upserts conflict on, and optionally the boolean
 * column that marks a row final ({@link ConflictPolicy#KEEP_FINAL}) and a timestamp column set to
 * {@code now()} whenever an upsert changes a row.
 */
public record TableSpec(String table, List<Column> columns, List<String> key, String finalColumn,
                        String touchColumn) {

    public record Column(String name, String type) {
    }

    public TableSpec(String table, List<Column> columns, List<String> key) {
        this(table, columns, key, null, null);
    }

    public TableSpec withFinalColumn(String column) {
        return new TableSpec(table, columns, key, column, touchColumn);
    }

    public TableSpec withTouchColumn(String column) {
        return new TableSpec(table, columns, key, finalColumn, column);
    }

    public TableSpec {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        for (String k : key) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new IllegalArgumentException(table + ": key column " + k + " is not among the columns");
            }
        }
        if (finalColumn != null && columns.stream().noneMatch(c -> c.name().equals(finalColumn))) {
            throw new IllegalArgumentException(table + ": final column " + finalColumn + " is not among the columns");
        }
    }

    public static Column column(String name, String type) {
        return new Column(name, type);
    }

    String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    String keyList() {
        return String.join(", ", key);
    }

    public List<Column> valueColumns() {
        return columns.stream().filter(c -> !key.contains(c.name())).toList();
    }

    String stagingTable() {
        return "hoard_stage_" + table.replace('.', '_');
    }
}
