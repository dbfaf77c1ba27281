package dev.hoard.upstream.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.model.Candle;
import dev.hoard.model.Instrument;
import dev.hoard.upstream.MalformedPayloadException;
import dev.hoard.upstream.RestFinality;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryNormalizerTest {

    private final HistoryNormalizer normalizer = new HistoryNormalizer(RestFinality.DEFAULT);

    private static String candle(long t, String close) {
        return "{\"t\":" + t + ",\"T\":" + (t + 59_999) + ",\"s\":\"BTC\",\"i\":\"1m\",\"o\":\"1.0\",\"c\":\"" + close
                + "\",\"h\":\"2.0\",\"l\":\"0.5\",\"v\":\"10.0\",\"n\":4}";
    }

    @Test
    void deduplicatesByOpenTimeAndKeepsTheStillOpenCandleProvisional() {
        long t0 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();
        String body = "[" + candle(t0, "1.1") + "," + candle(t0 + 60_000, "1.2") + "," + candle(t0 + 60_000, "1.25")
                + "," + candle(t0 + 120_000, "1.3") + "]";

        List<Candle> candles = normalizer.candles(body, Instant.parse("2026-01-01T10:02:30Z"));

        assertThat(candles).extracting(c -> c.close().toPlainString()).containsExactly("1.1", "1.25", "1.3");
        assertThat(candles).extracting(Candle::isFinal).containsExactly(true, true, false);
        assertThat(candles).allSatisfy(c -> assertThat(c.source()).isEqualTo("rest"));
    }

    @Test
    void finalityIsJudgedByWhenTheExchangeProducedTheAnswerNotWhenItArrived() {
        long t0 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();
        String body = "[" + candle(t0, "1.1") + "]";

        assertThat(normalizer.candles(body, Instant.parse("2026-01-01T10:00:59Z")).get(0).isFinal())
                .as("produced before the close, however late it arrives").isFalse();
        assertThat(normalizer.candles(body, Instant.parse("2026-01-01T10:01:01Z")).get(0).isFinal())
                .as("within the margin after the close").isFalse();
        assertThat(normalizer.candles(body, Instant.parse("2026-01-01T10:01:02.001Z")).get(0).isFinal())
                .as("past close + 2 s by the exchange's clock").isTrue();
    }

    @Test
    void bucketsFundingTimesToTheHourAndKeepsTheRawTimeForPaging() {
        String body = "[{\"coin\":\"BTC\",\"fundingRate\":\"0.0000125\",\"premium\":\"-0.0001\",\"time\":1683849600048},"
                + "{\"coin\":\"BTC\",\"fundingRate\":\"0.0\",\"premium\":\"0.0\",\"time\":1683853200011}]";

        HistoryNormalizer.FundingPage page = normalizer.funding(body, Instrument.hyperliquidPerp("BTC", false));

        assertThat(page.elements()).isEqualTo(2);
        assertThat(page.lastTime()).isEqualTo(Instant.ofEpochMilli(1683853200011L));
        assertThat(page.rows()).extracting(r -> r.time().toString())
                .containsExactly("2023-05-12T00:00:00Z", "2023-05-12T01:00:00Z");
        assertThat(page.rows().get(1).fundingRate().toPlainString()).isEqualTo("0.0");
    }

    @Test
    void rejectsAPageWithABadElement() {
        assertThatThrownBy(() -> normalizer.candles("[{\"t\":1}]", Instant.now()))
                .isInstanceOf(MalformedPayloadException.class);
        assertThatThrownBy(() -> normalizer.funding("{\"error\":1}", Instrument.hyperliquidPerp("BTC", false)))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("array");
    }
}
