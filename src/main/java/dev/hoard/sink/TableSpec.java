package dev.hoard.sink;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the bulk writer needs to know of a table: the columns it fills (name and PostgreSQL type, in
 * the order rows carry them) and the natural key the upserts conflict on.
 */
public record TableSpec(String table, List<Column> columns, List<String> key) {

    public record Column(String name, String type) {
    }

    public TableSpec {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        for (String k : key) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new IllegalArgumentException(table + ": key column " + k + " is not among the columns");
            }
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
