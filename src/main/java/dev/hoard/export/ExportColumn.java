package dev.hoard.export;

/**
 * One column of an export: its name, what it holds, and the SQL expression that reads it. Timestamps
 * are UTC; decimals are exact in CSV and IEEE doubles in Parquet (documented in the README).
 */
public record ExportColumn(String name, Kind kind, String sql) {

    public enum Kind {
        TIMESTAMP("timestamp (UTC)", "INT64 TIMESTAMP(MILLIS, UTC)"),
        DECIMAL("decimal", "DOUBLE"),
        INT64("int64", "INT64"),
        BOOLEAN("boolean", "BOOLEAN"),
        STRING("string", "BINARY STRING");

        private final String csvType;
        private final String parquetType;

        Kind(String csvType, String parquetType) {
            this.csvType = csvType;
            this.parquetType = parquetType;
        }

        public String csvType() {
            return csvType;
        }

        public String parquetType() {
            return parquetType;
        }
    }

    static ExportColumn of(String alias, String name, Kind kind) {
        return new ExportColumn(name, kind, alias + "." + name);
    }
}
