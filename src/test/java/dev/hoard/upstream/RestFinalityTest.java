package dev.hoard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestFinalityTest {

    private static final Instant SENT = Instant.parse("2026-03-04T10:00:05Z");

    @Test
    void anAnswerWasProducedWhenItsDateHeaderSays() {
        assertThat(RestFinality.producedAt("Wed, 04 Mar 2026 10:00:03 GMT", SENT))
                .isEqualTo(Instant.parse("2026-03-04T10:00:03Z"));
    }

    @Test
    void withoutAReadableDateTheSendTimeIsTheLowerBound() {
        assertThat(RestFinality.producedAt(null, SENT)).isEqualTo(SENT);
        assertThat(RestFinality.producedAt("yesterday", SENT)).isEqualTo(SENT);
    }

    @Test
    void aFollowedCandleIsFinalAndSettledOnlyAfterTheSettledMargin() {
        Instant close = Instant.parse("2026-03-04T09:59:59.999Z");
        RestFinality finality = RestFinality.DEFAULT;

        assertThat(finality.isFinal(close, true, close.minusSeconds(30))).isTrue();
        assertThat(finality.isFinal(close, false, close.plusSeconds(2))).isFalse();
        assertThat(finality.isFinal(close, false, close.plusMillis(2001))).isTrue();
        assertThat(close.isBefore(finality.settledBefore(close.plusSeconds(10)))).isFalse();
        assertThat(close.isBefore(finality.settledBefore(close.plusMillis(10_001)))).isTrue();
    }
}
