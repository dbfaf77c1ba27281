package dev.hoard.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.model.LiveFrame;
import dev.hoard.model.OpenInterest;
import dev.hoard.sink.MarketBatch;
import java.math.BigDecimal;
import dev.hoard.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveBuffersTest {

    private static final Instrument BTC = Instrument.hyperliquidPerp("BTC", false);
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final LiveBuffers buffers = new LiveBuffers(clock, Duration.ofSeconds(5), Duration.ofSeconds(1));

    private static Candle candle(Instant open, String close, boolean isFinal) {
        return new Candle(BTC, CandleInterval.M1, open, CandleInterval.M1.closeTime(open), new BigDecimal("100"),
                new BigDecimal("110"), new BigDecimal("90"), new BigDecimal(close), new BigDecimal("1.5"), null, 3L,
                null, null, isFinal, "ws");
    }

    private static LiveFrame hyperliquid(Candle candle) {
        return new LiveFrame(List.of(candle), null, null, true);
    }

    @Test
    void throttlesAFormingCandlePerKeyAndKeepsItsLatestValues() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        assertThat(buffers.drain().candles()).extracting(Candle::close).containsExactly(new BigDecimal("101"));

        buffers.offer(hyperliquid(candle(T0, "102", false)));
        buffers.offer(hyperliquid(candle(T0, "103", false)));
        clock.set(T0.plusMillis(400));
        assertThat(buffers.drain().candles()).as("within the throttle period").isEmpty();

        clock.set(T0.plusMillis(1000));
        assertThat(buffers.drain().candles()).extracting(Candle::close).containsExactly(new BigDecimal("103"));
        assertThat(buffers.drain().candles()).as("nothing new").isEmpty();
    }

    @Test
    void aLaterCandleMakesThePreviousOneFinalAtOnce() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        buffers.drain();
        buffers.offer(hyperliquid(candle(T0, "104", false)));
        buffers.offer(hyperliquid(candle(T0.plusSeconds(60), "105", false)));

        MarketBatch batch = buffers.drain();

        assertThat(batch.candles()).filteredOn(Candle::isFinal).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualByComparingTo("104"));
    }

    @Test
    void aCandleWithNoSuccessorIsFinalOnceItsCloseTimePlusGraceHasPassed() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        buffers.drain();
        clock.set(T0.plusSeconds(64));
        assertThat(buffers.drain().candles()).as("close + 4 s: within the grace").isEmpty();

        clock.set(T0.plusSeconds(65));
        assertThat(buffers.drain().candles()).singleElement().satisfies(c -> assertThat(c.isFinal()).isTrue());
    }

    @Test
    void upstreamsThatFlagFinalsAreNeverFinalizedByTime() {
        Candle forming = new Candle(new Instrument("binance", "BTCUSDT", "BTC", "USDT", "perps", false), CandleInterval.M1,
                T0, CandleInterval.M1.closeTime(T0), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, null, 1L, null, null, false, "ws");
        buffers.offer(new LiveFrame(List.of(forming), null, null, false));
        buffers.drain();
        clock.set(T0.plus(Duration.ofHours(1)));

        assertThat(buffers.drain().candles()).isEmpty();
    }

    @Test
    void aLateUpdateCorrectsAFinalNotYetWritten() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        buffers.offer(hyperliquid(candle(T0.plusSeconds(60), "105", false)));
        buffers.offer(hyperliquid(candle(T0, "102", false))); // swapped in transit

        assertThat(buffers.drain().candles()).filteredOn(Candle::isFinal).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualByComparingTo("102"));

        buffers.offer(hyperliquid(candle(T0, "999", false)));
        assertThat(buffers.drain().candles()).as("once written, a final stays").noneMatch(c -> c.openTime().equals(T0));
    }

    @Test
    void aLostStreamsFormingCandleIsNotMadeFinalByTime() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        buffers.drain();
        buffers.streamLost("hyperliquid");
        clock.set(T0.plusSeconds(120));

        assertThat(buffers.drain().candles()).as("left to gap repair").isEmpty();
    }

    private static LiveFrame context(Instant received, String funding, String openInterest) {
        return new LiveFrame(List.of(),
                new FundingRate(BTC, received, new BigDecimal(funding), null, null, null, null, null, null, null, null, null),
                new OpenInterest(BTC, received, new BigDecimal(openInterest), null, null, null), true);
    }

    @Test
    void keepsTheLatestContextOfEachMinuteStampedWithTheMinuteStart() {
        clock.set(T0.plusSeconds(5));
        buffers.offer(context(T0.plusSeconds(5), "0.0001", "10"));
        buffers.offer(context(T0.plusSeconds(59), "0.0002", "0"));
        assertThat(buffers.drain().funding()).as("the minute is not over").isEmpty();

        buffers.offer(context(T0.plusSeconds(61), "0.0003", "12"));
        clock.set(T0.plusSeconds(61));
        MarketBatch first = buffers.drain();

        assertThat(first.funding()).singleElement().satisfies(f -> {
            assertThat(f.time()).isEqualTo(T0);
            assertThat(f.fundingRate()).isEqualByComparingTo("0.0002");
        });
        assertThat(first.openInterest()).singleElement().satisfies(o -> {
            assertThat(o.time()).isEqualTo(T0);
            assertThat(o.openInterest()).isEqualByComparingTo(BigDecimal.ZERO);
        });

        clock.set(T0.plusSeconds(120));
        assertThat(buffers.drain().funding()).singleElement().satisfies(f -> {
            assertThat(f.time()).isEqualTo(T0.plusSeconds(60));
            assertThat(f.fundingRate()).isEqualByComparingTo("0.0003");
        });
    }
}
