package dev.hoard.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void jdbcFormPassesThrough() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/hoard?user=u&password=p");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/hoard?user=u&password=p");
        assertThat(url.user()).isNull();
    }

    @Test
    void libpqFormBecomesJdbcWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://hoard:s%40cret@db.example:6543/market?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/market?sslmode=require");
        assertThat(url.user()).isEqualTo("hoard");
        assertThat(url.password()).isEqualTo("s@cret");
    }

    @Test
    void defaultsPortAndDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://me@localhost");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
        assertThat(url.user()).isEqualTo("me");
        assertThat(url.password()).isNull();
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://u:topsecret@h/db").toString()).doesNotContain("topsecret");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?user=u&password=topsecret").toString())
                .doesNotContain("topsecret");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db")).hasMessageContaining("must start with");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }
}
