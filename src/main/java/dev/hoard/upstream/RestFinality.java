package dev.hoard.upstream;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When a candle of a REST history answer is final, judged by the exchange's clock and never by when
 * the answer arrived (an answer computed before a close and delivered after it still holds the open
 * candle's partial values):
 * <ul>
 *   <li><b>final</b>: a later candle follows it in the same answer, or the answer was produced more
 *       than {@code finalMargin} after its close;</li>
 *   <li><b>settled</b>: produced more than {@code settledMargin} after its close. A settled REST final is
 *       the exchange's own record: it replaces a stored final that disagrees with it (the disagreement is
 *       recorded).</li>
 * </ul>
 * When an answer was produced is its {@code Date} header (the upstream's clock, whole seconds, so never
 * later than the truth); without one, the moment the request was sent, which is never later either.
 */
public record RestFinality(Duration finalMargin, Duration settledMargin) {

    public static final RestFinality DEFAULT = new RestFinality(Duration.ofSeconds(2), Duration.ofSeconds(10));

    public RestFinality {
        if (finalMargin.isNegative() || settledMargin.compareTo(finalMargin) < 0) {
            throw new IllegalArgumentException("margins must satisfy 0 <= final <= settled");
        }
    }

    public boolean isFinal(Instant closeTime, boolean followedByLater, Instant producedAt) {
        return followedByLater || producedAt.isAfter(closeTime.plus(finalMargin));
    }

    /** Finals closing before this instant are settled. */
    public Instant settledBefore(Instant producedAt) {
        return producedAt.minus(settledMargin);
    }

    /** When an answer was produced: its {@code Date} header (RFC 1123), else {@code sentAt}. */
    public static Instant producedAt(Object dateHeader, Instant sentAt) {
        if (dateHeader != null) {
            try {
                return ZonedDateTime.parse(dateHeader.toString().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // not a date: fall back to the send time
            }
        }
        return sentAt;
    }
}
