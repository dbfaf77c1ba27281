package dev.hoard.sink;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/**
 * Which storage failures pass: the database gone or restarting (connection errors, SQLSTATE class 08,
 * admin shutdown 57P01/57P02, cannot connect now 57P03, too many connections 53300), a pool with no
 * connection to give, a deadlock or serialization failure (40001, 40P01). Anything else (a value out
 * of range, a constraint) fails the same way however often it is tried.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (cause instanceof IOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransientState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300") || state.equals("40001") || state.equals("40P01"));
    }

    /** True when the failure is the database being unreachable (not a deadlock): what the API answers 503 for. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                    || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
