package dev.hoard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static java.util.Optional<Instant> lastFire(String cron, String now) {
        return new CronSchedule("test", cron, null, java.time.Clock.fixed(Instant.parse(now), java.time.ZoneOffset.UTC))
                .lastFire();
    }

    @Test
    void theDefaultsFireHourlyAtFivePastAndDailyAtFivePastMidnightUtc() {
        assertThat(lastFire("5 * * * *", "2026-03-04T10:17:30Z")).contains(Instant.parse("2026-03-04T10:05:00Z"));
        assertThat(lastFire("5 * * * *", "2026-03-04T10:05:00Z")).contains(Instant.parse("2026-03-04T10:05:00Z"));
        assertThat(lastFire("5 * * * *", "2026-03-04T10:04:59Z")).contains(Instant.parse("2026-03-04T09:05:00Z"));
        assertThat(lastFire("5 0 * * *", "2026-03-04T00:04:00Z")).contains(Instant.parse("2026-03-03T00:05:00Z"));
        assertThat(lastFire("5 0 * * *", "2026-03-04T13:00:00Z")).contains(Instant.parse("2026-03-04T00:05:00Z"));
    }

    @Test
    void aBadExpressionIsRejectedNamingTheSource() {
        assertThatThrownBy(() -> new CronSchedule("artemis", "every day", null, java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("artemis cron 'every day'");
    }
}
