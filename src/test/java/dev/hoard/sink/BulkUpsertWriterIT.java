package dev.hoard.sink;

import static dev.hoard.sink.TableSpec.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bulk writer against a real PostgreSQL table with a natural key. */
class BulkUpsertWriterIT {

    private static final TableSpec SAMPLES = new TableSpec("samples", List.of(
            column("k", "bigint"), column("a", "numeric"), column("b", "numeric"), column("note", "text")),
            List.of("k"));

    private static TestDatabase database;
    private final BulkUpsertWriter writer = new BulkUpsertWriter();

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void createTable() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS samples");
            s.execute("CREATE TABLE samples (k bigint PRIMARY KEY, a numeric, b numeric, note text)");
        }
    }

    private long write(ConflictPolicy policy, Object[]... rows) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            long changed = writer.upsert(c, SAMPLES, policy, List.of(rows));
            c.commit();
            return changed;
        }
    }

    private List<String> stored() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k, a, b, note FROM samples ORDER BY k")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    @Test
    void doNothingKeepsTheFirstValueAndARerunChangesNothing() throws SQLException {
        assertThat(write(ConflictPolicy.DO_NOTHING, row(1, "1.50", null, "x"), row(2, "0", "0.0", "y"))).isEqualTo(2);
        assertThat(write(ConflictPolicy.DO_NOTHING, row(1, "9", "9", "changed"), row(2, "0", "0.0", "y"))).isZero();

        assertThat(stored()).containsExactly("1|1.50|null|x", "2|0|0.0|y");
    }

    @Test
    void mergeFillsMissingFieldsWithoutErasingPresentOnes() throws SQLException {
        write(ConflictPolicy.DO_NOTHING, row(1, "1.5", null, "live"));
        assertThat(write(ConflictPolicy.MERGE, row(1, null, "2.25", null))).isEqualTo(1);
        // the same merge again finds nothing to change
        assertThat(write(ConflictPolicy.MERGE, row(1, null, "2.25", null))).isZero();

        assertThat(stored()).containsExactly("1|1.5|2.25|live");
    }

    @Test
    void overwriteReplacesValuesAndTheLastRowOfAKeyWins() throws SQLException {
        write(ConflictPolicy.DO_NOTHING, row(1, "1", "1", "old"));
        write(ConflictPolicy.OVERWRITE, row(1, "2", null, "first"), row(1, "3", null, "last"));

        assertThat(stored()).containsExactly("1|3|null|last");
    }

    @Test
    void keepsExactDecimalsAndEscapesText() throws SQLException {
        write(ConflictPolicy.DO_NOTHING, row(1, "0.000000000000000001", "123456789012345678901234567890.123456789",
                "tab\there\nnew line \\ backslash"));

        assertThat(stored()).containsExactly(
                "1|0.000000000000000001|123456789012345678901234567890.123456789|tab\there\nnew line \\ backslash");
    }

    @Test
    void aRolledBackUnitLeavesNothing() throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            writer.upsert(c, SAMPLES, ConflictPolicy.DO_NOTHING, List.<Object[]>of(row(1, "1", "1", "a")));
            c.rollback();
        }
        assertThat(stored()).isEmpty();
    }

    @Test
    void refusesToRunOutsideATransaction() throws SQLException {
        try (Connection c = database.connect()) {
            assertThatThrownBy(() -> writer.upsert(c, SAMPLES, ConflictPolicy.DO_NOTHING, List.<Object[]>of(row(1, "1", "1", "a"))))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void writesTheSameTableTwiceInOneTransaction() throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            writer.upsert(c, SAMPLES, ConflictPolicy.MERGE, List.<Object[]>of(row(1, "1", null, "a")));
            writer.upsert(c, SAMPLES, ConflictPolicy.MERGE, List.<Object[]>of(row(1, null, "2", null), row(2, "5", null, null)));
            c.commit();
        }
        assertThat(stored()).containsExactly("1|1|2|a", "2|5|null|null");
    }

    private static Object[] row(long key, String a, String b, String note) {
        return new Object[] {key, a == null ? null : new BigDecimal(a), b == null ? null : new BigDecimal(b), note};
    }
}
