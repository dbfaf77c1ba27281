package dev.hoard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CandleIntervalTest {

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void fixedIntervalsAlignToTheEpoch() {
        assertThat(CandleInterval.M15.openTimeOf(t("2024-03-05T10:44:59.999Z"))).isEqualTo(t("2024-03-05T10:30:00Z"));
        assertThat(CandleInterval.H4.openTimeOf(t("2024-03-05T10:44:00Z"))).isEqualTo(t("2024-03-05T08:00:00Z"));
        assertThat(CandleInterval.D1.next(t("2024-03-05T00:00:00Z"))).isEqualTo(t("2024-03-06T00:00:00Z"));
        assertThat(CandleInterval.M1.closeTime(t("2024-03-05T10:44:00Z"))).isEqualTo(t("2024-03-05T10:44:59.999Z"));
    }

    @Test
    void weeksOpenOnMonday() {
        // 2024-03-07 is a Thursday; its week opened on Monday 2024-03-04
        assertThat(CandleInterval.W1.openTimeOf(t("2024-03-07T12:00:00Z"))).isEqualTo(t("2024-03-04T00:00:00Z"));
        assertThat(CandleInterval.W1.openTimeOf(t("2024-03-04T00:00:00Z"))).isEqualTo(t("2024-03-04T00:00:00Z"));
        assertThat(CandleInterval.W1.openTimeOf(t("1970-01-01T00:00:00Z"))).isEqualTo(t("1969-12-29T00:00:00Z"));
    }

    @Test
    void monthsAreCalendarMonths() {
        assertThat(CandleInterval.MONTH.openTimeOf(t("2024-02-29T23:59:59Z"))).isEqualTo(t("2024-02-01T00:00:00Z"));
        assertThat(CandleInterval.MONTH.next(t("2024-01-01T00:00:00Z"))).isEqualTo(t("2024-02-01T00:00:00Z"));
        assertThat(CandleInterval.MONTH.next(t("2024-02-01T00:00:00Z"))).isEqualTo(t("2024-03-01T00:00:00Z"));
        assertThat(CandleInterval.MONTH.closeTime(t("2024-02-01T00:00:00Z"))).isEqualTo(t("2024-02-29T23:59:59.999Z"));
        assertThat(CandleInterval.MONTH.count(t("2024-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z"))).isEqualTo(12);
    }

    @Test
    void countsCandlesInARange() {
        assertThat(CandleInterval.M1.count(t("2024-01-01T00:00:00Z"), t("2024-01-01T01:00:00Z"))).isEqualTo(60);
        assertThat(CandleInterval.H1.count(t("2024-01-01T00:30:00Z"), t("2024-01-01T03:00:00Z"))).isEqualTo(3);
        assertThat(CandleInterval.H1.count(t("2024-01-01T03:00:00Z"), t("2024-01-01T03:00:00Z"))).isZero();
    }

    @Test
    void parsesExchangeCodes() {
        assertThat(CandleInterval.parse("1M")).isEqualTo(CandleInterval.MONTH);
        assertThat(CandleInterval.parse("1m")).isEqualTo(CandleInterval.M1);
        assertThatThrownBy(() -> CandleInterval.parse("2m")).hasMessageContaining("unknown interval \"2m\"");
    }
}
