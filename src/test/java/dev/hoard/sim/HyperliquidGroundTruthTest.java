package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.sim.HyperliquidGroundTruth.AssetCtx;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HyperliquidGroundTruthTest {

    private static final Instant T0 = Instant.parse("2025-03-14T12:34:00Z");
    private static final List<String> BOOKLESS = List.of("FTT", "LUNA", "MAVIA");

    private final HyperliquidGroundTruth truth = new HyperliquidGroundTruth();

    @Test
    void universeKeepsDelistedPerpsInPlace() {
        assertThat(truth.coins()).containsExactly(
                "BTC", "ETH", "SOL", "ARB", "FTT", "DOGE", "kPEPE", "AVAX", "LUNA", "LINK", "SUI", "MAVIA", "HYPE");
        assertThat(truth.coins()).filteredOn(truth::isDelisted).containsExactly("FTT", "LUNA");
        assertThat(truth.assetIndex("FTT")).isEqualTo(4);
        assertThat(truth.universe().get(4).delisted()).isTrue();
    }

    @Test
    void unknownCoinIsRejected() {
        assertThatThrownBy(() -> truth.ctx("NOPE", T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesDependOnlyOnTheEpochMinute() {
        for (String coin : truth.coins()) {
            assertThat(truth.ctx(coin, T0.plusSeconds(59).plusMillis(999))).isEqualTo(truth.ctx(coin, T0));
        }
        assertThat(truth.ctx("BTC", T0.plusSeconds(60))).isNotEqualTo(truth.ctx("BTC", T0));
        assertThat(truth.ctx("FTT", T0.plus(Duration.ofDays(3)))).isEqualTo(truth.ctx("FTT", T0));
    }

    @Test
    void magnitudesAreRealistic() {
        for (Instant at : minutes(T0, 1440)) {
            AssetCtx btc = truth.ctx("BTC", at);
            assertThat(btc.markPx()).isBetween(new BigDecimal("60000"), new BigDecimal("70000"));
            assertThat(btc.markPx().scale()).isEqualTo(1);
            assertThat(btc.funding().abs()).isLessThan(new BigDecimal("0.001"));
            assertThat(btc.funding().scale()).isLessThanOrEqualTo(10);
            assertThat(truth.ctx("kPEPE", at).funding()).isNegative();
            assertThat(truth.ctx("ETH", at).markPx()).isBetween(new BigDecimal("3000"), new BigDecimal("3400"));
        }
    }

    @Test
    void fundingIsSometimesNegativeForOrdinaryCoins() {
        assertThat(minutes(T0, 60)).anySatisfy(at -> assertThat(truth.ctx("BTC", at).funding()).isNegative());
        assertThat(minutes(T0, 60)).anySatisfy(at -> assertThat(truth.ctx("BTC", at).funding()).isPositive());
    }

    @Test
    void delistedCoinsAreFrozenWithZeroFundingAndVolume() {
        AssetCtx ftt = truth.ctx("FTT", T0);
        assertThat(ftt.funding().toPlainString()).isEqualTo("0.0");
        assertThat(ftt.dayNtlVlm().toPlainString()).isEqualTo("0.0");
        assertThat(ftt.openInterest().toPlainString()).isEqualTo("0.0");
        assertThat(ftt.markPx().toPlainString()).isEqualTo("1.6021");
        assertThat(truth.ctx("LUNA", T0).dayNtlVlm().toPlainString()).isEqualTo("0.0");
    }

    @Test
    void onlyBooklessCoinsHaveNullBookFields() {
        for (String coin : truth.coins()) {
            AssetCtx ctx = truth.ctx(coin, T0);
            List<BigDecimal> bookFields = Arrays.asList(ctx.midPx(), ctx.premium(), ctx.impactBid(), ctx.impactAsk());
            if (BOOKLESS.contains(coin)) {
                assertThat(bookFields).as(coin).containsOnlyNulls();
            } else {
                assertThat(bookFields).as(coin).doesNotContainNull();
                assertThat(ctx.impactBid()).isLessThan(ctx.impactAsk());
            }
        }
    }

    @Test
    void valuesAreInHyperliquidWireForm() {
        for (Instant at : minutes(T0, 120)) {
            for (String coin : truth.coins()) {
                AssetCtx c = truth.ctx(coin, at);
                Stream.of(c.funding(), c.openInterest(), c.prevDayPx(), c.dayNtlVlm(), c.premium(), c.oraclePx(),
                                c.markPx(), c.midPx(), c.impactBid(), c.impactAsk(), c.dayBaseVlm())
                        .filter(Objects::nonNull)
                        .forEach(v -> assertThat(v.toPlainString()).as(coin).matches("-?\\d+\\.(0|\\d*[1-9])"));
            }
        }
    }

    private static List<Instant> minutes(Instant from, int count) {
        return Stream.iterate(from, t -> t.plusSeconds(60)).limit(count).toList();
    }
}
