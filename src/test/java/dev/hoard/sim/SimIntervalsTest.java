package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimIntervalsTest {

    private static final Instant T = Instant.parse("2025-03-14T12:34:56.789Z"); // a Friday

    @Test
    void fixedIntervalsAlignToMultiplesSinceTheEpoch() {
        assertThat(SimIntervals.openTimeOf("1m", T)).isEqualTo(Instant.parse("2025-03-14T12:34:00Z"));
        assertThat(SimIntervals.openTimeOf("3m", T)).isEqualTo(Instant.parse("2025-03-14T12:33:00Z"));
        assertThat(SimIntervals.openTimeOf("15m", T)).isEqualTo(Instant.parse("2025-03-14T12:30:00Z"));
        assertThat(SimIntervals.openTimeOf("4h", T)).isEqualTo(Instant.parse("2025-03-14T12:00:00Z"));
        assertThat(SimIntervals.openTimeOf("8h", T)).isEqualTo(Instant.parse("2025-03-14T08:00:00Z"));
        assertThat(SimIntervals.openTimeOf("1d", T)).isEqualTo(Instant.parse("2025-03-14T00:00:00Z"));
        assertThat(SimIntervals.nextOpen("1h", Instant.parse("2025-03-14T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-14T13:00:00Z"));
        assertThat(SimIntervals.closeTimeOf("1m", Instant.parse("2025-03-14T12:34:00Z")))
                .isEqualTo(Instant.parse("2025-03-14T12:34:59.999Z"));
    }

    @Test
    void threeDaysAlignToEpochDaysDivisibleByThree() {
        Instant open = SimIntervals.openTimeOf("3d", T);
        long epochDay = open.toEpochMilli() / SimIntervals.DAY_MS;
        assertThat(epochDay % 3).isZero();
        assertThat(Duration.between(open, T)).isLessThan(Duration.ofDays(3));
        assertThat(SimIntervals.nextOpen("3d", open)).isEqualTo(open.plus(Duration.ofDays(3)));
    }

    @Test
    void weeksOpenOnMondayMidnightUtc() {
        Instant open = SimIntervals.openTimeOf("1w", T);
        assertThat(open).isEqualTo(Instant.parse("2025-03-10T00:00:00Z"));
        assertThat(open.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        // a Monday is its own week; the Sunday before belongs to the previous week
        assertThat(SimIntervals.openTimeOf("1w", Instant.parse("2025-03-10T00:00:00Z"))).isEqualTo(open);
        assertThat(SimIntervals.openTimeOf("1w", Instant.parse("2025-03-09T23:59:59.999Z")))
                .isEqualTo(Instant.parse("2025-03-03T00:00:00Z"));
        // across the epoch (1970-01-01 was a Thursday)
        assertThat(SimIntervals.openTimeOf("1w", Instant.EPOCH)).isEqualTo(Instant.parse("1969-12-29T00:00:00Z"));
        assertThat(SimIntervals.nextOpen("1w", open)).isEqualTo(Instant.parse("2025-03-17T00:00:00Z"));
    }

    @Test
    void monthsAreCalendarMonths() {
        Instant feb = SimIntervals.openTimeOf("1M", Instant.parse("2024-02-29T23:59:59.999Z"));
        assertThat(feb).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        Instant mar = SimIntervals.nextOpen("1M", feb);
        assertThat(mar).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(Duration.between(feb, mar)).isEqualTo(Duration.ofDays(29));
        assertThat(Duration.between(mar, SimIntervals.nextOpen("1M", mar))).isEqualTo(Duration.ofDays(31));
        assertThat(SimIntervals.closeTimeOf("1M", Instant.parse("2025-02-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-02-28T23:59:59.999Z"));
        assertThat(SimIntervals.shift("1M", mar, -13)).isEqualTo(Instant.parse("2023-02-01T00:00:00Z"));
    }

    @Test
    void shiftMovesWholeCandles() {
        Instant open = Instant.parse("2025-03-14T12:34:00Z");
        assertThat(SimIntervals.shift("1m", open, -4999)).isEqualTo(open.minus(Duration.ofMinutes(4999)));
        assertThat(SimIntervals.shift("1w", Instant.parse("2025-03-10T00:00:00Z"), 2))
                .isEqualTo(Instant.parse("2025-03-24T00:00:00Z"));
    }

    @Test
    void unknownIntervalsAreRejected() {
        assertThat(SimIntervals.ALL).hasSize(14);
        assertThat(SimIntervals.isValid("1M")).isTrue();
        assertThat(SimIntervals.isValid("1mo")).isFalse();
        assertThat(SimIntervals.isValid(null)).isFalse();
        assertThatThrownBy(() -> SimIntervals.openTimeOf("2d", T)).isInstanceOf(IllegalArgumentException.class);
    }
}
