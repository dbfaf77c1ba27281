package dev.hoard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.api.ApiResponses.ApiResult;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** /healthz when the database does not answer. */
class TwapHealthTest {

    @Test
    void anUnreachableDatabaseIs503WithStatusError() {
        DataSource down = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    throw new SQLException("Connection refused");
                });

        ApiResult result = new TwapHealth(down).handle();

        assertThat(result.status()).isEqualTo(503);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) result.body();
        assertThat(body).containsEntry("status", "error").containsEntry("last_ingested_object", null);
        assertThat((String) body.get("database")).startsWith("unreachable").contains("Connection refused");
    }
}
