package dev.hoard.upstream.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.model.CandleInterval;
import dev.hoard.model.LiveFrame;
import dev.hoard.upstream.MalformedPayloadException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamFrameNormalizerTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-01T10:00:30.250Z");
    private final StreamFrameNormalizer normalizer = new StreamFrameNormalizer();

    @Test
    void ignoresTheGreetingAcksAndPongs() {
        assertThat(normalizer.parse("Websocket connection established.", RECEIVED).isEmpty()).isTrue();
        assertThat(normalizer.parse("{\"channel\":\"pong\"}", RECEIVED).isEmpty()).isTrue();
        assertThat(normalizer.parse("{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\","
                + "\"subscription\":{\"type\":\"candle\",\"interval\":\"1m\",\"coin\":\"BTC\"}}}", RECEIVED).isEmpty()).isTrue();
    }

    @Test
    void readsACandleObjectOrArrayAsProvisionalWithExactValues() {
        String candle = "{\"t\":1767261600000,\"T\":1767261659999,\"s\":\"BTC\",\"i\":\"1m\",\"o\":\"64321.0\","
                + "\"c\":\"64330.5\",\"h\":\"64340.0\",\"l\":\"64300.1\",\"v\":\"0.0\",\"n\":0}";

        LiveFrame single = normalizer.parse("{\"channel\":\"candle\",\"data\":" + candle + "}", RECEIVED);
        LiveFrame list = normalizer.parse("{\"channel\":\"candle\",\"data\":[" + candle + "," + candle + "]}", RECEIVED);

        assertThat(single.inferFinality()).isTrue();
        assertThat(single.candles()).singleElement().satisfies(c -> {
            assertThat(c.instrument().coin()).isEqualTo("BTC");
            assertThat(c.interval()).isEqualTo(CandleInterval.M1);
            assertThat(c.openTime()).isEqualTo(Instant.ofEpochMilli(1767261600000L));
            assertThat(c.closeTime()).isEqualTo(Instant.ofEpochMilli(1767261659999L));
            assertThat(c.close().toPlainString()).isEqualTo("64330.5");
            assertThat(c.volume().toPlainString()).isEqualTo("0.0");
            assertThat(c.trades()).isZero();
            assertThat(c.quoteVolume()).isNull();
            assertThat(c.isFinal()).isFalse();
        });
        assertThat(list.candles()).hasSize(2);
    }

    @Test
    void readsAnAssetContextStampedWithItsReceiveTime() {
        LiveFrame frame = normalizer.parse("{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"ETH\",\"ctx\":{"
                + "\"funding\":\"0.0000125\",\"openInterest\":\"1000.5\",\"prevDayPx\":\"3000.0\",\"dayNtlVlm\":\"0.0\","
                + "\"premium\":null,\"oraclePx\":\"3001.0\",\"markPx\":\"3001.5\",\"midPx\":null,\"impactPxs\":null,"
                + "\"dayBaseVlm\":\"12.0\"}}}", RECEIVED);

        assertThat(frame.funding().instrument().coin()).isEqualTo("ETH");
        assertThat(frame.funding().time()).isEqualTo(RECEIVED);
        assertThat(frame.funding().fundingRate().toPlainString()).isEqualTo("0.0000125");
        assertThat(frame.funding().premium()).isNull();
        assertThat(frame.openInterest().openInterest().toPlainString()).isEqualTo("1000.5");
        assertThat(frame.openInterest().dayNotionalVolume().toPlainString()).isEqualTo("0.0");
    }

    @Test
    void rejectsWhatItCannotUnderstand() {
        assertThatThrownBy(() -> normalizer.parse("{\"channel\":\"candle\",\"data\":{\"t\":\"oops\"}}", RECEIVED))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("candle");
        assertThatThrownBy(() -> normalizer.parse("{\"channel\":\"candle\",\"data\":{\"t\":1", RECEIVED))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> normalizer.parse("{\"channel\":\"activeAssetCtx\",\"data\":{\"coin\":\"BTC\",\"ctx\":\"x\"}}", RECEIVED))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("ctx is not an object");
        assertThatThrownBy(() -> normalizer.parse("{\"channel\":\"mystery\",\"data\":{}}", RECEIVED))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("unknown channel");
    }
}
