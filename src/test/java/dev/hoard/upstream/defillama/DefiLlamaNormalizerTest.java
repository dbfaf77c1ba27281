package dev.hoard.upstream.defillama;

import static dev.hoard.upstream.Fixtures.read;
import static dev.hoard.upstream.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.model.MetricData;
import dev.hoard.model.MetricPoint;
import dev.hoard.upstream.MalformedPayloadException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DefiLlamaNormalizerTest {

    private final DefiLlamaNormalizer normalizer = new DefiLlamaNormalizer();

    @Test
    void protocolKeepsTheTotalAndRealChainsSkipsPseudoChainsAndSplitsOffTheFetchTimePoint() {
        MetricData data = normalizer.normalize(read("defillama/protocol.json"), unit("defillama", "aave", "protocol", "TVL"));

        assertThat(data.daily()).extracting(MetricPoint::asset).containsOnly("aave", "aave/Ethereum", "aave/Arbitrum");
        assertThat(data.daily()).contains(
                new MetricPoint("aave/Ethereum", "TVL", Instant.ofEpochSecond(1739923200), new java.math.BigDecimal("12000000000.5")),
                new MetricPoint("aave", "TVL", Instant.ofEpochSecond(1739923200), new java.math.BigDecimal("12000000500.625")));
        assertThat(data.daily()).filteredOn(p -> p.asset().equals("aave/Ethereum") && p.time().equals(Instant.ofEpochSecond(1740009600)))
                .singleElement().satisfies(p -> assertThat(p.value()).isZero());
        // the last point of each series is at fetch time (not midnight), except Ethereum's whose newest is a midnight
        assertThat(data.current()).extracting(MetricPoint::asset).containsExactlyInAnyOrder("aave", "aave/Arbitrum");
        assertThat(data.current()).allSatisfy(p -> assertThat(p.time()).isEqualTo(Instant.ofEpochSecond(1740003011)));
        assertThat(data.noData()).isNull();
    }

    @Test
    void pseudoChainsAreRecognised() {
        assertThat(DefiLlamaNormalizer.isPseudoChain("staking")).isTrue();
        assertThat(DefiLlamaNormalizer.isPseudoChain("Ethereum-borrowed")).isTrue();
        assertThat(DefiLlamaNormalizer.isPseudoChain("Hyperliquid L1")).isFalse();
        assertThat(DefiLlamaNormalizer.isPseudoChain("Ethereum")).isFalse();
    }

    @Test
    void feesKeepZeroAndStringNumbersAndSkipNulls() {
        MetricData data = normalizer.normalize(read("defillama/overview-fees.json"), unit("defillama", "Ethereum", "chain", "FEES"));

        assertThat(data.daily()).extracting(p -> p.value().toPlainString()).containsExactly("0", "1234.5");
        assertThat(data.daily()).extracting(MetricPoint::metric).containsOnly("FEES");
    }

    @Test
    void pricesAreCurrentExactAndAnUnknownCoinIsNoData() {
        MetricData data = normalizer.normalize(read("defillama/prices-current.json"),
                unit("defillama", "coingecko:ethereum", "coin", "PRICE"));
        assertThat(data.current()).singleElement().satisfies(p -> {
            assertThat(p.value().toPlainString()).isEqualTo("2712.3400000000001");
            assertThat(p.time()).isEqualTo(Instant.ofEpochSecond(1740003000));
        });
        assertThat(data.daily()).isEmpty();

        MetricData unknown = normalizer.normalize("{\"coins\":{}}", unit("defillama", "coingecko:nothing", "coin", "PRICE"));
        assertThat(unknown.noData()).contains("coingecko:nothing");
    }

    @Test
    void aResponseOfTheWrongShapeIsMalformed() {
        assertThatThrownBy(() -> normalizer.normalize("{\"tvl\":\"soon\"}", unit("defillama", "Ethereum", "chain", "TVL")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not an array");
        assertThatThrownBy(() -> normalizer.normalize("[{\"date\":1,\"tvl\":\"abc\"}]", unit("defillama", "Ethereum", "chain", "TVL")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("tvl is not a decimal");
        assertThatThrownBy(() -> normalizer.normalize("[{\"date\":1,", unit("defillama", "Ethereum", "chain", "TVL")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
    }
}
