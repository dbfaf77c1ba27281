package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.sim.HyperliquidGroundTruth.Candle;
import dev.hoard.sim.HyperliquidGroundTruth.FundingPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The candle and funding ground truth: aggregation, alignment, partial candles, quiet minutes, funding rows. */
class HyperliquidCandlesTest {

    private static final Instant HOUR = Instant.parse("2025-03-14T12:00:00Z");
    private static final Instant LATER = Instant.parse("2026-01-01T00:00:00Z");
    private static final String WIRE = "\\d+\\.(0|\\d*[1-9])";

    private final HyperliquidGroundTruth truth = new HyperliquidGroundTruth();

    @ParameterizedTest
    @ValueSource(strings = {"BTC", "MAVIA", "kPEPE", "SIM0042"})
    void anHourIsTheAggregationOfItsMinutes(String coin) {
        Candle hour = truth.candle(coin, "1h", HOUR, LATER);

        assertThat(hour.t()).isEqualTo(HOUR.toEpochMilli());
        assertThat(hour.T()).isEqualTo(HOUR.toEpochMilli() + 3_600_000 - 1);
        assertThat(hour.s()).isEqualTo(coin);
        assertThat(hour.i()).isEqualTo("1h");
        assertSameOhlcv(hour, aggregate(children(coin, "1m", HOUR, 60), previousClose(coin, "1m", HOUR)));
        assertThat(hour.n()).isPositive();
    }

    @Test
    void longerCandlesAggregateShorterOnes() {
        Instant day = Instant.parse("2025-03-13T00:00:00Z");
        Candle d = truth.candle("ETH", "1d", day, LATER);
        assertSameOhlcv(d, aggregate(children("ETH", "1h", day, 24), null));
        assertSameOhlcv(d, aggregate(children("ETH", "4h", day, 6), null));
        assertSameOhlcv(truth.candle("ETH", "4h", HOUR, LATER), aggregate(children("ETH", "1h", HOUR, 4), null));
        assertSameOhlcv(truth.candle("ETH", "15m", HOUR, LATER), aggregate(children("ETH", "5m", HOUR, 3), null));
    }

    @Test
    void aWeekOpensOnMondayAndAggregatesItsSevenDays() {
        Instant monday = Instant.parse("2025-03-10T00:00:00Z");
        Candle week = truth.candle("SOL", "1w", monday, LATER);

        assertThat(week.T()).isEqualTo(Instant.parse("2025-03-16T23:59:59.999Z").toEpochMilli());
        assertSameOhlcv(week, aggregate(children("SOL", "1d", monday, 7), null));
        assertThatThrownBy(() -> truth.candle("SOL", "1w", Instant.parse("2025-03-09T00:00:00Z"), LATER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the open time");
    }

    @Test
    void monthsAreCalendarMonths() {
        Instant feb = Instant.parse("2024-02-01T00:00:00Z");
        Instant mar = Instant.parse("2024-03-01T00:00:00Z");
        Candle february = truth.candle("BTC", "1M", feb, LATER);
        Candle march = truth.candle("BTC", "1M", mar, LATER);

        assertThat(february.T()).isEqualTo(mar.toEpochMilli() - 1);
        assertThat(march.T()).isEqualTo(Instant.parse("2024-03-31T23:59:59.999Z").toEpochMilli());
        assertSameOhlcv(february, aggregate(children("BTC", "1d", feb, 29), null));
        assertSameOhlcv(march, aggregate(children("BTC", "1d", mar, 31), null));
        assertThat(march.n()).isGreaterThan(february.n());
    }

    @Test
    void threeDayCandlesAggregateTheirDays() {
        Instant open = SimIntervals.openTimeOf("3d", HOUR);
        assertSameOhlcv(truth.candle("HYPE", "3d", open, LATER), aggregate(children("HYPE", "1d", open, 3), null));
    }

    @Test
    void aLiveCandleContainsOnlyWhatHappenedUpToAsOf() {
        Candle previous = null;
        for (int minute = 0; minute < 60; minute += 7) {
            Instant asOf = HOUR.plus(Duration.ofMinutes(minute)).plusSeconds(31).plusMillis(250);
            Candle partial = truth.candle("BTC", "1h", HOUR, asOf);

            Instant currentMinute = SimIntervals.openTimeOf("1m", asOf);
            List<Candle> parts = new ArrayList<>(children("BTC", "1m", HOUR, minute));
            parts.add(truth.candle("BTC", "1m", currentMinute, asOf));
            assertSameOhlcv(partial, aggregate(parts, previousClose("BTC", "1m", HOUR)));
            assertThat(partial.t()).isEqualTo(HOUR.toEpochMilli());
            assertThat(partial.T()).as("T is the close time even while open").isEqualTo(HOUR.toEpochMilli() + 3_599_999);
            if (previous != null) {
                assertThat(partial.n()).isGreaterThanOrEqualTo(previous.n());
                assertThat(partial.v()).isGreaterThanOrEqualTo(previous.v());
                assertThat(partial.h()).isGreaterThanOrEqualTo(previous.h());
                assertThat(partial.l()).isLessThanOrEqualTo(previous.l());
                assertThat(partial.o()).isEqualTo(previous.o());
            }
            previous = partial;
        }
        Candle last = truth.candle("BTC", "1h", HOUR, HOUR.plusMillis(3_599_999));
        assertThat(last).isEqualTo(truth.candle("BTC", "1h", HOUR, LATER));
    }

    @Test
    void aMinuteGrowsWithinTheMinute() {
        Instant minute = Instant.parse("2025-03-14T12:34:00Z");
        List<Candle> seen = Stream.iterate(0, s -> s + 5).limit(12)
                .map(s -> truth.candle("ETH", "1m", minute, minute.plusSeconds(s).plusMillis(999)))
                .toList();
        assertThat(seen).extracting(Candle::n).isSorted();
        assertThat(seen.stream().map(Candle::n).distinct().count()).isGreaterThan(3);
        assertThat(seen.get(11)).isEqualTo(truth.candle("ETH", "1m", minute, LATER));
        assertThatThrownBy(() -> truth.candle("ETH", "1m", minute, minute.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quietMinutesExistAndRepeatThePreviousClose() {
        List<Candle> minutes = children("MAVIA", "1m", Instant.parse("2025-03-14T00:00:00Z"), 600);
        List<Candle> quiet = minutes.stream().filter(c -> c.n() == 0).toList();

        assertThat(quiet).hasSizeBetween(150, 450);
        for (int k = 1; k < minutes.size(); k++) {
            Candle c = minutes.get(k);
            if (c.n() == 0) {
                BigDecimal previousClose = minutes.get(k - 1).c();
                assertThat(c.v().toPlainString()).isEqualTo("0.0");
                assertThat(List.of(c.o(), c.h(), c.l(), c.c())).containsOnly(previousClose);
            } else {
                assertThat(c.v()).isPositive();
            }
        }
        assertThat(children("BTC", "1m", HOUR, 120)).allSatisfy(c -> assertThat(c.n()).isPositive());
    }

    @Test
    void delistedCoinsHaveFlatCandlesWithoutTrades() {
        Candle ftt = truth.candle("FTT", "1d", Instant.parse("2025-03-14T00:00:00Z"), LATER);
        assertThat(List.of(ftt.o(), ftt.h(), ftt.l(), ftt.c())).containsOnly(new BigDecimal("1.6021"));
        assertThat(ftt.v().toPlainString()).isEqualTo("0.0");
        assertThat(ftt.n()).isZero();
    }

    @Test
    void nothingTradesBeforeListing() {
        Instant before = HyperliquidGroundTruth.LISTED_FROM.minus(Duration.ofDays(1));
        Candle candle = truth.candle("BTC", "1h", before, LATER);
        assertThat(candle.n()).isZero();
        assertThat(truth.candle("BTC", "1h", HyperliquidGroundTruth.LISTED_FROM, LATER).n()).isPositive();
    }

    @Test
    void valuesAreInWireFormWithTheCoinsTick() {
        for (String coin : List.of("BTC", "ETH", "kPEPE", "MAVIA", "DOGE", "SIM0001")) {
            int scale = truth.pxScale(coin);
            for (Candle c : children(coin, "5m", HOUR, 24)) {
                for (BigDecimal px : List.of(c.o(), c.h(), c.l(), c.c())) {
                    assertThat(px.toPlainString()).as(coin).matches(WIRE);
                    assertThat(px.scale()).as(coin).isLessThanOrEqualTo(Math.max(1, scale));
                }
                assertThat(c.v().toPlainString()).as(coin).matches(WIRE);
                assertThat(c.v().scale()).isLessThanOrEqualTo(Math.max(1, truth.szDecimals(coin)));
                assertThat(c.h()).isGreaterThanOrEqualTo(c.o().max(c.c()));
                assertThat(c.l()).isLessThanOrEqualTo(c.o().min(c.c()));
            }
        }
        assertThat(truth.pxScale("BTC")).isEqualTo(1);
    }

    @Test
    void markPriceStaysNearTheCandleClose() {
        for (String coin : List.of("BTC", "ETH", "kPEPE", "SIM0007")) {
            for (Candle minute : children(coin, "1m", HOUR, 30)) {
                BigDecimal mark = truth.ctx(coin, Instant.ofEpochMilli(minute.T() + 1)).markPx();
                BigDecimal drift = mark.subtract(minute.c()).abs().divide(minute.c(), 6, RoundingMode.HALF_EVEN);
                assertThat(drift).as(coin).isLessThan(new BigDecimal("0.005"));
            }
        }
    }

    @Test
    void sameInputsGiveSameCandles() {
        Instant asOf = HOUR.plusSeconds(1234);
        assertThat(new HyperliquidGroundTruth().candle("SUI", "1h", HOUR, asOf))
                .isEqualTo(truth.candle("SUI", "1h", HOUR, asOf));
        assertThat(truth.candle("SUI", "1h", HOUR, asOf)).isNotEqualTo(truth.candle("SUI", "1h", HOUR, LATER));
    }

    @Test
    void invalidRequestsAreRejected() {
        assertThatThrownBy(() -> truth.candle("NOPE", "1m", HOUR, LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> truth.candle("BTC", "2d", HOUR, LATER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> truth.candle("BTC", "1h", HOUR.plusSeconds(60), LATER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> truth.fundingAt("BTC", HOUR.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syntheticCoinsExistOutsideTheUniverse() {
        assertThat(HyperliquidGroundTruth.syntheticCoin(1)).isEqualTo("SIM0001");
        assertThat(truth.isKnown("SIM0001")).isTrue();
        assertThat(truth.isKnown("SIM0499")).isTrue();
        assertThat(truth.isKnown("SIM12345")).isFalse();
        assertThat(truth.isKnown("NOPE")).isFalse();
        assertThat(truth.coins()).doesNotContain("SIM0001");
        assertThatThrownBy(() -> truth.assetIndex("SIM0001")).isInstanceOf(IllegalArgumentException.class);
        assertThat(truth.ctx("SIM0001", HOUR).markPx()).isPositive();
        assertThat(truth.ctx("SIM0001", HOUR)).isNotEqualTo(truth.ctx("SIM0002", HOUR));
        assertThat(truth.candle("SIM0499", "1m", HOUR, LATER).n()).isPositive();
    }

    @Test
    void fundingRowsAreHourlyWithMillisecondJitter() {
        List<Long> jitters = new ArrayList<>();
        for (int h = 0; h < 48; h++) {
            Instant hour = HOUR.plus(Duration.ofHours(h));
            FundingPoint point = truth.fundingAt("BTC", hour);
            long jitter = point.time() - hour.toEpochMilli();
            assertThat(jitter).isBetween(0L, 99L);
            jitters.add(jitter);
            assertThat(point.coin()).isEqualTo("BTC");
            assertThat(point.fundingRate()).isEqualTo(truth.ctx("BTC", hour.minusSeconds(60)).funding());
            assertThat(point.premium()).isEqualByComparingTo(point.fundingRate().subtract(new BigDecimal("0.0000125")));
            assertThat(point).isEqualTo(truth.fundingAt("BTC", hour));
        }
        assertThat(jitters.stream().distinct().count()).isGreaterThan(10);
        assertThat(truth.fundingAt("kPEPE", HOUR).fundingRate()).isNegative();
        FundingPoint luna = truth.fundingAt("LUNA", HOUR);
        assertThat(luna.fundingRate().toPlainString()).isEqualTo("0.0");
        assertThat(luna.premium().toPlainString()).isEqualTo("0.0");
    }

    /** {@code count} consecutive final candles of {@code interval} from {@code open}. */
    private List<Candle> children(String coin, String interval, Instant open, int count) {
        List<Candle> out = new ArrayList<>();
        Instant t = open;
        for (int k = 0; k < count; k++) {
            out.add(truth.candle(coin, interval, t, LATER));
            t = SimIntervals.nextOpen(interval, t);
        }
        return out;
    }

    private BigDecimal previousClose(String coin, String interval, Instant open) {
        return truth.candle(coin, interval, SimIntervals.shift(interval, open, -1), LATER).c();
    }

    /** freqtrade's merge: open of the first traded part, close of the last, extremes, sums; quiet parts skipped. */
    private static Candle aggregate(List<Candle> parts, BigDecimal previousClose) {
        BigDecimal o = null;
        BigDecimal c = null;
        BigDecimal h = null;
        BigDecimal l = null;
        BigDecimal v = BigDecimal.ZERO;
        long n = 0;
        for (Candle p : parts) {
            if (p.n() == 0) {
                continue;
            }
            o = o == null ? p.o() : o;
            c = p.c();
            h = h == null ? p.h() : h.max(p.h());
            l = l == null ? p.l() : l.min(p.l());
            v = v.add(p.v());
            n += p.n();
        }
        if (o == null) {
            o = c = h = l = previousClose;
        }
        return new Candle(0, 0, "", "", o, c, h, l, v, n);
    }

    private static void assertSameOhlcv(Candle actual, Candle expected) {
        assertThat(actual.o()).as("o").isEqualByComparingTo(expected.o());
        assertThat(actual.c()).as("c").isEqualByComparingTo(expected.c());
        assertThat(actual.h()).as("h").isEqualByComparingTo(expected.h());
        assertThat(actual.l()).as("l").isEqualByComparingTo(expected.l());
        assertThat(actual.v()).as("v").isEqualByComparingTo(expected.v());
        assertThat(actual.n()).as("n").isEqualTo(expected.n());
    }
}
