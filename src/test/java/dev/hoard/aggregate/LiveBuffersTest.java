package dev.hoard.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.model.LiveFrame;
import dev.hoard.model.OpenInterest;
import dev.hoard.model.ParsedFrames;
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
        return candle(open, close, "1.5", 3, isFinal);
    }

    private static Candle candle(Instant open, String close, String volume, long trades, boolean isFinal) {
        return new Candle(BTC, CandleInterval.M1, open, CandleInterval.M1.closeTime(open), new BigDecimal("100"),
                new BigDecimal("110"), new BigDecimal("90"), new BigDecimal(close), new BigDecimal(volume), null, trades,
                null, null, isFinal, "ws");
    }

    private static final Instrument BTCUSDT = new Instrument("binance", "BTCUSDT", "BTC", "USDT", "perps", false);

    private static Candle binance(Instant open, boolean isFinal) {
        return new Candle(BTCUSDT, CandleInterval.M1, open, CandleInterval.M1.closeTime(open), BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, null, 1L, null, null, isFinal, "ws");
    }

    /** Frames of connection 0 of Hyperliquid, received now. */
    private void receive(Candle... candles) {
        List<LiveFrame> frames = java.util.Arrays.stream(candles).map(LiveBuffersTest::hyperliquid).toList();
        buffers.offerAll(new ParsedFrames(frames, List.of()), "hyperliquid", 0, clock.instant());
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
    void aCandleWithNoSuccessorIsFinalOnceItsCloseTimePlusGraceHasPassedOnALiveConnection() {
        receive(candle(T0, "101", false));
        buffers.drain();
        clock.set(T0.plusSeconds(64));
        buffers.alive("hyperliquid", 0);
        assertThat(buffers.drain().candles()).as("close + 4 s: within the grace").isEmpty();

        clock.set(T0.plusSeconds(66));
        buffers.alive("hyperliquid", 0);
        assertThat(buffers.drain().candles()).singleElement().satisfies(c -> assertThat(c.isFinal()).isTrue());
    }

    @Test
    void aSilentConnectionsFormingCandleIsNeverMadeFinalByTime() {
        receive(candle(T0, "101", false));
        buffers.drain();
        clock.set(T0.plusSeconds(50));
        buffers.alive("hyperliquid", 0); // the last sign of life before the close
        clock.set(T0.plusSeconds(120));

        assertThat(buffers.drain().candles()).as("no frame after close + grace: it waits for REST").isEmpty();

        buffers.alive("hyperliquid", 1);
        assertThat(buffers.drain().candles()).as("another connection's life proves nothing").isEmpty();
    }

    @Test
    void aStaleUpdateNeverReplacesANewerOneOfTheSameFormingCandle() {
        receive(candle(T0, "103", "2.5", 7, false));
        buffers.drain();
        receive(candle(T0, "101", "1.5", 3, false)); // an older frame, swapped or duplicated in transit
        clock.set(T0.plusSeconds(2));
        assertThat(buffers.drain().candles()).as("nothing newer to write").isEmpty();

        receive(candle(T0.plusSeconds(60), "104", false));
        assertThat(buffers.drain().candles()).filteredOn(Candle::isFinal).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualByComparingTo("103"));
    }

    @Test
    void aLateUpdateThatGrowsAWrittenFinalIsReportedAgainAndAStaleOneIsNot() {
        receive(candle(T0, "101", "1.5", 3, false), candle(T0.plusSeconds(60), "105", false));
        assertThat(buffers.drain().candles()).filteredOn(Candle::isFinal).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualByComparingTo("101"));

        receive(candle(T0, "100", "1.0", 2, false));
        assertThat(buffers.drain().candles()).as("stale").noneMatch(c -> c.openTime().equals(T0));

        receive(candle(T0, "102", "1.9", 4, false));
        assertThat(buffers.drain().candles()).filteredOn(c -> c.openTime().equals(T0)).singleElement()
                .satisfies(c -> {
                    assertThat(c.isFinal()).isTrue();
                    assertThat(c.close()).isEqualByComparingTo("102");
                });
    }

    @Test
    void aFlaggedCandleOvertakenBeforeItsFinalCameIsReportedUnfinished() {
        List<Candle> unfinished = new java.util.ArrayList<>();
        buffers.onUnfinished(unfinished::add);
        buffers.offerAll(new ParsedFrames(List.of(new LiveFrame(List.of(binance(T0, false)), null, null, false),
                new LiveFrame(List.of(binance(T0.plusSeconds(60), false)), null, null, false)), List.of()), "binance", 0,
                clock.instant());

        assertThat(unfinished).singleElement().satisfies(c -> assertThat(c.openTime()).isEqualTo(T0));
        assertThat(buffers.drain().candles()).noneMatch(Candle::isFinal);
    }

    @Test
    void drainAllHandsOverFormingCandlesAndTheMinuteInProgressForTheLastWrite() {
        receive(candle(T0, "101", false));
        buffers.drain();
        receive(candle(T0, "102", "1.6", 4, false));
        buffers.offer(context(T0.plusSeconds(5), "0.0001", "10"));
        clock.set(T0.plusMillis(100));

        MarketBatch last = buffers.drainAll();

        assertThat(last.candles()).singleElement().satisfies(c -> {
            assertThat(c.isFinal()).isFalse();
            assertThat(c.close()).isEqualByComparingTo("102");
        });
        assertThat(last.funding()).singleElement().satisfies(f -> assertThat(f.time()).isEqualTo(T0));
    }

    @Test
    void upstreamsThatFlagFinalsAreNeverFinalizedByTime() {
        Candle forming = new Candle(new Instrument("binance", "BTCUSDT", "BTC", "USDT", "perps", false), CandleInterval.M1,
                T0, CandleInterval.M1.closeTime(T0), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, null, 1L, null, null, false, "ws");
        buffers.offer(new LiveFrame(List.of(forming), null, null, false));
        buffers.drain();
        clock.set(T0.plus(Duration.ofHours(1)));
        buffers.alive("binance", 0);

        assertThat(buffers.drain().candles()).isEmpty();
    }

    @Test
    void aLateUpdateCorrectsAFinalNotYetWritten() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        buffers.offer(hyperliquid(candle(T0.plusSeconds(60), "105", false)));
        buffers.offer(hyperliquid(candle(T0, "102", "1.7", 4, false))); // swapped in transit

        assertThat(buffers.drain().candles()).filteredOn(Candle::isFinal).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualByComparingTo("102"));

        buffers.offer(hyperliquid(candle(T0, "999", "1.7", 4, false)));
        assertThat(buffers.drain().candles()).as("no more trades: nothing to report").noneMatch(c -> c.openTime().equals(T0));
    }

    @Test
    void aLostStreamsFormingCandleIsNotMadeFinalByTime() {
        buffers.offer(hyperliquid(candle(T0, "101", false)));
        buffers.drain();
        buffers.streamLost("hyperliquid", 0);
        clock.set(T0.plusSeconds(120));
        buffers.alive("hyperliquid", 0);

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
