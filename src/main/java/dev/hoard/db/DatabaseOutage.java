package dev.hoard.db;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached (down, restarting, refusing connections, the pool timing out)
 * from an error in a query, by the failure's cause chain: connection exception classes, the SQLSTATE
 * classes 08 (connection exception) and 57P (operator intervention: shutdown, terminated backends),
 * 53300 (too many connections) and socket errors. The API answers the first as a 503, the second as a 500.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    public static boolean isOutage(Throwable failure) {
        return reason(failure) != null;
    }

    /** A short reason that names nothing of the server (no host, no user), or null when it is no outage. */
    public static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof SQLTransientConnectionException) {
                return "no connection available in time";
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (state.startsWith("57P")) {
                    return "connection terminated by the server";
                }
                if (state.startsWith("08") || sql instanceof SQLNonTransientConnectionException
                        || sql instanceof SQLRecoverableException) {
                    return "connection failed";
                }
                if (state.equals("53300")) {
                    return "too many connections";
                }
            }
            if (cause instanceof SocketException) {
                return "connection lost";
            }
        }
        return null;
    }
}
