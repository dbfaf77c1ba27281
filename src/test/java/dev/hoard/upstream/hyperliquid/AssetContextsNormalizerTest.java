package dev.hoard.upstream.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.model.FundingRate;
import dev.hoard.model.FundingSnapshot;
import dev.hoard.model.OpenInterest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.MalformedPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AssetContextsNormalizerTest {

    private static final Instant HOUR = Instant.parse("2026-11-21T05:00:00Z");
    private final AssetContextsNormalizer normalizer = new AssetContextsNormalizer();

    private static String fixture() throws IOException {
        try (InputStream in = AssetContextsNormalizerTest.class.getResourceAsStream(
                "/fixtures/hyperliquid/metaAndAssetCtxs.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static ArrayNode fixtureTree() throws IOException {
        return (ArrayNode) JsonFields.MAPPER.readTree(fixture());
    }

    @Test
    void readsEveryAssetWithExactDecimalsStampedWithTheHour() throws IOException {
        FundingSnapshot snapshot = normalizer.normalize(fixture(), HOUR);

        assertThat(snapshot.rejects()).isEmpty();
        assertThat(snapshot.instruments()).extracting(i -> i.coin()).containsExactly("BTC", "ETH", "kPEPE", "FTT");
        assertThat(snapshot.instruments()).allSatisfy(i -> {
            assertThat(i.exchange()).isEqualTo("hyperliquid");
            assertThat(i.quote()).isEqualTo("USD");
            assertThat(i.marketType()).isEqualTo("perps");
        });
        FundingRate btc = snapshot.fundingRates().get(0);
        assertThat(btc.time()).isEqualTo(HOUR);
        assertThat(btc.fundingRate()).isEqualByComparingTo("0.0000125");
        assertThat(btc.fundingRate().toPlainString()).isEqualTo("0.0000125");
        assertThat(btc.premium().toPlainString()).isEqualTo("0.00031087");
        assertThat(btc.markPrice().toPlainString()).isEqualTo("64340.0");
        assertThat(btc.oraclePrice().toPlainString()).isEqualTo("64321.0");
        assertThat(btc.midPrice().toPlainString()).isEqualTo("64339.5");
        assertThat(btc.impactBidPrice().toPlainString()).isEqualTo("64339.0");
        assertThat(btc.impactAskPrice().toPlainString()).isEqualTo("64341.0");
        assertThat(btc.prevDayPrice().toPlainString()).isEqualTo("64102.0");
        OpenInterest btcOi = snapshot.openInterest().get(0);
        assertThat(btcOi.openInterest().toPlainString()).isEqualTo("27512.34562");
        assertThat(btcOi.dayNotionalVolume().toPlainString()).isEqualTo("1520665683.0");
        assertThat(btcOi.dayBaseVolume().toPlainString()).isEqualTo("23580.12345");
    }

    @Test
    void keepsZerosAsZerosAndNullsAsNulls() throws IOException {
        FundingSnapshot snapshot = normalizer.normalize(fixture(), HOUR);

        FundingRate ftt = snapshot.fundingRates().get(3);
        assertThat(ftt.fundingRate()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(ftt.premium()).isNull();
        assertThat(ftt.midPrice()).isNull();
        assertThat(ftt.impactBidPrice()).isNull();
        assertThat(ftt.impactAskPrice()).isNull();
        assertThat(ftt.indexPrice()).isNull();
        assertThat(snapshot.openInterest().get(3).openInterest()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(snapshot.openInterest().get(1).dayNotionalVolume()).isEqualByComparingTo(BigDecimal.ZERO);
        // an older response without dayBaseVlm: absent, so null rather than an invented zero
        assertThat(snapshot.openInterest().get(2).dayBaseVolume()).isNull();
    }

    @Test
    void flagsDelistedAssetsAndIgnoresUnknownKeys() throws IOException {
        FundingSnapshot snapshot = normalizer.normalize(fixture(), HOUR);

        assertThat(snapshot.instruments()).filteredOn(i -> i.delisted()).extracting(i -> i.coin())
                .containsExactly("FTT");
        assertThat(snapshot.fundingRates().get(1).fundingRate()).isEqualByComparingTo("-0.00000317");
    }

    @Test
    void deadLettersOneAssetWithANonNumericRateAndKeepsTheRest() throws IOException {
        ArrayNode root = fixtureTree();
        ((ObjectNode) root.get(1).get(1)).put("funding", "abc");
        String body = root.toString();

        FundingSnapshot snapshot = normalizer.normalize(body, HOUR);

        assertThat(snapshot.instruments()).extracting(i -> i.coin()).containsExactly("BTC", "kPEPE", "FTT");
        assertThat(snapshot.fundingRates()).hasSize(3);
        assertThat(snapshot.openInterest()).hasSize(3);
        assertThat(snapshot.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.source()).isEqualTo(AssetContextsNormalizer.SOURCE);
            assertThat(reject.reason()).contains("ETH").contains("funding is not a decimal");
            assertThat(reject.payload()).contains("\"abc\"");
        });
    }

    @Test
    void deadLettersAStringWhereAContextObjectWasDue() throws IOException {
        ArrayNode root = fixtureTree();
        ((ArrayNode) root.get(1)).set(2, TextNode.valueOf("oops"));
        String body = root.toString();

        FundingSnapshot snapshot = normalizer.normalize(body, HOUR);

        assertThat(snapshot.instruments()).extracting(i -> i.coin()).containsExactly("BTC", "ETH", "FTT");
        assertThat(snapshot.rejects()).singleElement()
                .satisfies(reject -> assertThat(reject.reason()).contains("kPEPE").contains("not an object"));
    }

    @Test
    void rejectsTheWholeSnapshotWhenUniverseAndContextsDiffer() throws IOException {
        ArrayNode root = fixtureTree();
        ((ArrayNode) root.get(1)).remove(3);
        String body = root.toString();

        assertThatThrownBy(() -> normalizer.normalize(body, HOUR))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("universe has 4 assets but contexts has 3");
    }

    @Test
    void rejectsTruncatedAndNonJsonBodies() throws IOException {
        String body = fixture();
        assertThatThrownBy(() -> normalizer.normalize(body.substring(0, body.length() / 2), HOUR))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> normalizer.normalize("<html>502 Bad Gateway</html>", HOUR))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> normalizer.normalize("{\"universe\":[]}", HOUR))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("[meta, contexts]");
        assertThatThrownBy(() -> normalizer.normalize("[{\"universe\":\"x\"},[]]", HOUR))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not an array");
    }
}
