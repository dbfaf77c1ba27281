package dev.hoard.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * HikariCP's pool, with a fast way back after the database was lost. While the pool holds no
 * connection at all (the database went away and every connection was evicted), Hikari creates new
 * ones with a backoff that grows to 5 s and cannot be configured, and each caller waits the whole
 * connection timeout: writes resumed up to 4 s after the database answered again. Here, while the
 * pool is empty, a caller first tries one direct connection (short connect and login timeouts), used
 * once and closed, so a write goes through as soon as the database accepts connections; at most
 * {@code directLimit} such connections exist at once, and the pool takes over again as soon as it
 * has refilled. A pool that is merely busy (connections exist, all in use) is never bypassed.
 */
final class ReconnectingDataSource implements DataSource {

    private static final int CONNECT_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;
    private final DatabaseUrl url;
    private final Semaphore direct;

    ReconnectingDataSource(HikariDataSource pool, DatabaseUrl url, int directLimit) {
        this.pool = pool;
        this.url = url;
        this.direct = new Semaphore(directLimit);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (poolIsEmpty() && direct.tryAcquire()) {
            try {
                return released(DriverManager.getConnection(url.jdbcUrl(), properties()));
            } catch (SQLException | RuntimeException e) {
                direct.release();
                if (poolIsEmpty()) {
                    // still unreachable: fail now, as the pool would after its connection timeout
                    throw new SQLTransientConnectionException("database unreachable: " + e.getMessage(), e);
                }
            }
        }
        return pool.getConnection();
    }

    private boolean poolIsEmpty() {
        return pool.getHikariPoolMXBean() != null && pool.getHikariPoolMXBean().getTotalConnections() == 0;
    }

    private Properties properties() {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "hoard");
        properties.putAll(pool.getDataSourceProperties());
        return properties;
    }

    /** The direct connection, giving its place back when it is closed. */
    private Connection released(Connection connection) {
        AtomicBoolean closed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
                        direct.release();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("connections use the configured credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
