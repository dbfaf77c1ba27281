package dev.hoard.upstream.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.LiveFrame;
import dev.hoard.model.ParsedFrames;
import dev.hoard.upstream.MalformedPayloadException;
import dev.hoard.upstream.RestFinality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceKlinesTest {

    private final BinanceKlines klines = new BinanceKlines(RestFinality.DEFAULT);

    private static String fixture(String name) {
        try (InputStream in = BinanceKlinesTest.class.getResourceAsStream("/fixtures/binance/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void restRowsKeepExactDecimalsAndTheLastOpenRowIsProvisional() {
        List<Candle> rows = klines.rest(fixture("fapi-v1-klines.json"), BinanceKlines.perp("BTC", "USDT"), CandleInterval.M1,
                Instant.ofEpochMilli(1709546530000L));
        assertThat(rows).hasSize(3);
        Candle first = rows.get(0);
        assertThat(first.openTime()).isEqualTo(Instant.ofEpochMilli(1709546400000L));
        assertThat(first.closeTime()).isEqualTo(Instant.ofEpochMilli(1709546459999L));
        assertThat(first.open()).isEqualTo(new BigDecimal("67012.10"));
        assertThat(first.quoteVolume()).isEqualTo(new BigDecimal("10210485.41250"));
        assertThat(first.trades()).isEqualTo(2881);
        assertThat(first.takerBuyBaseVolume()).isEqualTo(new BigDecimal("80.112"));
        assertThat(first.takerBuyQuoteVolume()).isEqualTo(new BigDecimal("5369630.10210"));
        assertThat(first.isFinal()).isTrue();
        assertThat(rows.get(1).volume()).as("a minute without trades is a kline").isEqualTo(new BigDecimal("0"));
        assertThat(rows.get(1).isFinal()).as("followed by a later kline").isTrue();
        assertThat(rows.get(2).isFinal()).as("the still-open last kline").isFalse();

        List<Candle> later = klines.rest(fixture("fapi-v1-klines.json"), BinanceKlines.perp("BTC", "USDT"), CandleInterval.M1,
                Instant.ofEpochMilli(1709546579999L + 2001));
        assertThat(later.get(2).isFinal()).as("closed and past the margin").isTrue();
    }

    @Test
    void streamEventsMarkFinalsWithX() {
        LiveFrame frame = klines.frame(fixture("stream-kline.json"));
        assertThat(frame.inferFinality()).isFalse();
        Candle candle = frame.candles().get(0);
        assertThat(candle.isFinal()).isTrue();
        assertThat(candle.instrument()).isEqualTo(BinanceKlines.perp("BTC", "USDT"));
        assertThat(candle.interval()).isEqualTo(CandleInterval.M1);
        assertThat(candle.close()).isEqualTo(new BigDecimal("67020.40"));

        ParsedFrames parsed = klines.stream(List.of(fixture("stream-kline.json").replace("\"x\":true", "\"x\":false"),
                "{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"s\":\"BTCUSDT\",\"k\":{\"t\":\"oops\"}}}", "{not json"));
        assertThat(parsed.frames()).hasSize(1);
        assertThat(parsed.frames().get(0).candles().get(0).isFinal()).isFalse();
        assertThat(parsed.rejects()).hasSize(2);
    }

    @Test
    void malformedRestBodiesAreRejectedWhole() {
        assertThatThrownBy(() -> klines.rest("{\"code\":-1121}", BinanceKlines.perp("BTC", "USDT"), CandleInterval.M1, Instant.EPOCH))
                .isInstanceOf(MalformedPayloadException.class);
        assertThatThrownBy(() -> klines.rest("[[1,\"x\"]]", BinanceKlines.perp("BTC", "USDT"), CandleInterval.M1, Instant.EPOCH))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void readsTheRequestWeightLimitAndPicksThePageWithTheMostKlinesPerWeight() {
        assertThat(BinanceKlines.requestWeightPerMinute(fixture("fapi-v1-exchangeInfo.json"))).contains(2400);
        assertThat(BinanceRequests.BEST_LIMIT).isEqualTo(499);
        assertThat(BinanceRequests.klinesWeight(99)).isEqualTo(1);
        assertThat(BinanceRequests.klinesWeight(100)).isEqualTo(2);
        assertThat(BinanceRequests.klinesWeight(500)).isEqualTo(5);
        assertThat(BinanceRequests.klinesWeight(1000)).isEqualTo(5);
        assertThat(BinanceRequests.klinesWeight(1001)).isEqualTo(10);
        assertThat(BinanceRequests.pageSize(7)).isEqualTo(7);
        assertThat(BinanceRequests.pageSize(100_000)).isEqualTo(499);
        assertThat(BinanceKlines.perpOfSymbol("ETHUSDC")).isEqualTo(BinanceKlines.perp("ETH", "USDC"));
    }
}
