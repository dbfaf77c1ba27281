package dev.hoard.upstream.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.DeadLetter;
import dev.hoard.model.Instrument;
import dev.hoard.model.LiveFrame;
import dev.hoard.model.ParsedFrames;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.MalformedPayloadException;
import dev.hoard.upstream.RestFinality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Binance USD-M klines (UPSTREAMS.md §3): the 12-element rows of {@code GET /fapi/v1/klines}, the
 * combined-stream kline events, and the {@code REQUEST_WEIGHT} limit of {@code exchangeInfo}.
 *
 * <p>Finality. On the stream, {@code x:true} makes a kline final and {@code x:false} is provisional.
 * Over REST a kline is final only when a later kline follows it in the same response, or when the
 * response was produced (Binance's clock) past its close plus a margin ({@link RestFinality}): the last
 * row of a response may be the still open kline, with partial values, and it must stay provisional so
 * its closed version replaces it.
 */
public final class BinanceKlines {

    public static final String REST_SOURCE = "binance.rest";
    public static final String WS_SOURCE = "binance.ws";
    private static final List<String> QUOTES = List.of("USDT", "USDC", "FDUSD", "BUSD", "BTC");

    private final Map<String, Instrument> bySymbol = new ConcurrentHashMap<>();
    private final RestFinality finality;

    public BinanceKlines(RestFinality finality) {
        this.finality = finality;
    }

    /** Makes the stream map {@code instrument.symbol()} to this instrument (the catalog's coin and quote). */
    public void know(Instrument instrument) {
        bySymbol.put(instrument.symbol(), instrument);
    }

    public static Instrument perp(String coin, String quote) {
        return new Instrument("binance", coin + quote, coin, quote, "perps", false);
    }

    /** The klines of one REST response, ascending, with finality decided as the class says. */
    public List<Candle> rest(String body, Instrument instrument, CandleInterval interval, Instant producedAt) {
        JsonNode root = read(body, REST_SOURCE);
        if (!root.isArray()) {
            throw new MalformedPayloadException(REST_SOURCE, "klines: not an array", body);
        }
        List<Candle> candles = new ArrayList<>(root.size());
        try {
            for (int i = 0; i < root.size(); i++) {
                JsonNode row = root.get(i);
                if (!row.isArray() || row.size() < 11) {
                    throw new IllegalArgumentException("row " + i + " is not a 12-element array");
                }
                Instant open = Instant.ofEpochMilli(whole(row.get(0), "open time"));
                Instant close = Instant.ofEpochMilli(whole(row.get(6), "close time"));
                boolean closed = finality.isFinal(close, i < root.size() - 1, producedAt);
                candles.add(new Candle(instrument, interval, open, close, dec(row, 1, "open"), dec(row, 2, "high"),
                        dec(row, 3, "low"), dec(row, 4, "close"), dec(row, 5, "volume"), dec(row, 7, "quote volume"),
                        whole(row.get(8), "trades"), dec(row, 9, "taker buy base volume"),
                        dec(row, 10, "taker buy quote volume"), closed, REST_SOURCE));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(REST_SOURCE, "klines: " + e.getMessage(), body);
        }
        return candles;
    }

    /** A batch of combined-stream frames; a frame not understood becomes a dead letter. */
    public ParsedFrames stream(List<String> frames) {
        List<LiveFrame> parsed = new ArrayList<>(frames.size());
        List<DeadLetter> rejects = new ArrayList<>(0);
        for (String frame : frames) {
            try {
                LiveFrame live = frame(frame);
                if (!live.isEmpty()) {
                    parsed.add(live);
                }
            } catch (MalformedPayloadException e) {
                rejects.add(new DeadLetter(e.source(), e.getMessage(), e.payload()));
            }
        }
        return new ParsedFrames(parsed, rejects);
    }

    /** {@code {"stream":"btcusdt@kline_1m","data":{"e":"kline","E":…,"s":"BTCUSDT","k":{…}}}}. */
    public LiveFrame frame(String frame) {
        JsonNode root = read(frame, WS_SOURCE);
        JsonNode data = root.has("data") ? root.get("data") : root;
        if (data == null || !data.isObject()) {
            throw new MalformedPayloadException(WS_SOURCE, "data is not an object", frame);
        }
        if (!"kline".equals(data.path("e").asText())) {
            if (root.has("result") || root.has("id")) {
                return LiveFrame.NONE; // an answer to a request; Hoard sends none, but it is harmless
            }
            throw new MalformedPayloadException(WS_SOURCE, "unknown event \"" + data.path("e").asText() + "\"", frame);
        }
        try {
            JsonNode k = data.get("k");
            if (k == null || !k.isObject()) {
                throw new IllegalArgumentException("k is not an object");
            }
            String symbol = text(data, "s");
            CandleInterval interval = CandleInterval.parse(text(k, "i"));
            JsonNode closed = k.get("x");
            if (closed == null || !closed.isBoolean()) {
                throw new IllegalArgumentException("x is not a boolean");
            }
            Candle candle = new Candle(instrument(symbol), interval, Instant.ofEpochMilli(whole(k.get("t"), "t")),
                    Instant.ofEpochMilli(whole(k.get("T"), "T")), JsonFields.requiredDecimal(k, "o"),
                    JsonFields.requiredDecimal(k, "h"), JsonFields.requiredDecimal(k, "l"),
                    JsonFields.requiredDecimal(k, "c"), JsonFields.requiredDecimal(k, "v"),
                    JsonFields.optionalDecimal(k, "q"), k.has("n") ? whole(k.get("n"), "n") : null,
                    JsonFields.optionalDecimal(k, "V"), JsonFields.optionalDecimal(k, "Q"), closed.booleanValue(),
                    WS_SOURCE);
            return new LiveFrame(List.of(candle), null, null, false);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedPayloadException(WS_SOURCE, "kline: " + e.getMessage(), frame);
        }
    }

    /** The {@code REQUEST_WEIGHT} limit per minute of an {@code exchangeInfo} response, if it states one. */
    public static Optional<Integer> requestWeightPerMinute(String body) {
        JsonNode root = read(body, REST_SOURCE);
        for (JsonNode limit : root.path("rateLimits")) {
            if ("REQUEST_WEIGHT".equals(limit.path("rateLimitType").asText())) {
                long seconds = switch (limit.path("interval").asText()) {
                    case "SECOND" -> 1;
                    case "MINUTE" -> 60;
                    case "HOUR" -> 3600;
                    case "DAY" -> 86_400;
                    default -> 0;
                } * Math.max(1, limit.path("intervalNum").asLong(1));
                if (seconds > 0 && limit.path("limit").canConvertToInt()) {
                    return Optional.of((int) Math.max(1, limit.path("limit").asLong() * 60 / seconds));
                }
            }
        }
        return Optional.empty();
    }

    private Instrument instrument(String symbol) {
        Instrument known = bySymbol.get(symbol);
        return known != null ? known : perpOfSymbol(symbol);
    }

    /** A symbol's instrument by its quote suffix (BTCUSDT: coin BTC, quote USDT). */
    public static Instrument perpOfSymbol(String symbol) {
        for (String quote : QUOTES) {
            if (symbol.endsWith(quote) && symbol.length() > quote.length()) {
                return perp(symbol.substring(0, symbol.length() - quote.length()), quote);
            }
        }
        throw new IllegalArgumentException("symbol " + symbol + " is not in the catalog");
    }

    private static JsonNode read(String text, String source) {
        if (text == null || text.isBlank()) {
            throw new MalformedPayloadException(source, "empty body", text == null ? "" : text);
        }
        try {
            return JsonFields.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException(source, "not valid JSON: " + e.getOriginalMessage(), text);
        }
    }

    private static java.math.BigDecimal dec(JsonNode row, int index, String name) {
        return JsonFields.decimal(row.get(index), name);
    }

    private static long whole(JsonNode node, String name) {
        if (node == null || !node.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " is not an integer");
        }
        return node.longValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.textValue();
    }
}
