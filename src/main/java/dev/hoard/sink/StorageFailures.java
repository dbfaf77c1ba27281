package dev.hoard.sink;

import dev.hoard.db.DatabaseOutage;
import java.sql.SQLException;

/**
 * Which storage failures pass: the database unreachable ({@link DatabaseOutage}: down, restarting,
 * refusing connections, the pool timing out), a deadlock or a serialization failure (40P01, 40001).
 * Anything else (a value out of range, a constraint) fails the same way however often it is tried.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        if (DatabaseOutage.isOutage(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
