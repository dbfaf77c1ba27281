package dev.hoard.sink;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One unit of work in one transaction: committed when the work returns, rolled back when it throws. */
public final class Transactions {

    /** Work on a connection whose transaction the caller owns. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // a lost connection rolls back by itself; the cause is what counts
                }
                throw e;
            }
        }
    }
}
