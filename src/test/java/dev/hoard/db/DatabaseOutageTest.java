package dev.hoard.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

/** Which failures mean the database cannot be reached (503), and which are errors in a query (500). */
class DatabaseOutageTest {

    @Test
    void connectionFailuresAnywhereInTheCauseChainAreOutages() {
        assertThat(DatabaseOutage.reason(new RuntimeCamelException(new SQLTransientConnectionException(
                "hoard - Connection is not available, request timed out after 10000ms", "08001",
                new SQLException("database \"x\" is not currently accepting connections", "55000")))))
                .isEqualTo("no connection available in time");
        assertThat(DatabaseOutage.reason(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo("connection terminated by the server");
        assertThat(DatabaseOutage.reason(new SQLException("Connection to 127.0.0.1:5432 refused", "08001",
                new ConnectException("Connection refused")))).isEqualTo("connection failed");
        assertThat(DatabaseOutage.reason(new IllegalStateException(new ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(DatabaseOutage.reason(new SQLException("sorry, too many clients already", "53300")))
                .isEqualTo("too many connections");
    }

    @Test
    void queryErrorsAreNot() {
        assertThat(DatabaseOutage.isOutage(new SQLException("syntax error at or near \"FORM\"", "42601"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalArgumentException("x"))).isFalse();
        assertThat(DatabaseOutage.isOutage(null)).isFalse();
    }
}
