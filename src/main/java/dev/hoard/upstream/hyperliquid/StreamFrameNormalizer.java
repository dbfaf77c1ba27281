package dev.hoard.upstream.hyperliquid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.Candle;
import dev.hoard.model.DeadLetter;
import dev.hoard.model.ParsedFrames;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.model.LiveFrame;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.MalformedPayloadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Hyperliquid WebSocket frames (UPSTREAMS.md §2). The plain-text greeting, subscription acks
 * and pongs carry no data; {@code candle} frames (a single object, or an array as documented) and
 * {@code activeAssetCtx} frames become a {@link LiveFrame}. Anything else that is not understood is
 * a {@link MalformedPayloadException}, dead-lettered by the stream's error handler while the stream
 * flows on.
 */
public final class StreamFrameNormalizer {

    public static final String SOURCE = "hyperliquid.ws";
    private static final Logger LOG = LoggerFactory.getLogger(StreamFrameNormalizer.class);

    /**
     * Parses a batch of frames received together. A frame that cannot be understood becomes a dead
     * letter with its reason; the frames around it are parsed as usual.
     */
    public ParsedFrames parseAll(List<String> frames, Instant receivedAt) {
        List<LiveFrame> parsed = new ArrayList<>(frames.size());
        List<DeadLetter> rejects = new ArrayList<>(0);
        for (String frame : frames) {
            try {
                LiveFrame live = parse(frame, receivedAt);
                if (!live.isEmpty()) {
                    parsed.add(live);
                }
            } catch (MalformedPayloadException e) {
                rejects.add(new DeadLetter(e.source(), e.getMessage(), e.payload()));
            }
        }
        return new ParsedFrames(parsed, rejects);
    }

    public LiveFrame parse(String frame, Instant receivedAt) {
        if (frame == null || frame.isBlank() || frame.charAt(0) != '{') {
            // the greeting "Websocket connection established." and any other plain text
            return LiveFrame.NONE;
        }
        JsonNode root;
        try {
            root = JsonFields.MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON: " + e.getOriginalMessage(), frame);
        }
        String channel = root.path("channel").asText("");
        JsonNode data = root.get("data");
        try {
            return switch (channel) {
                case "candle" -> new LiveFrame(candles(data), null, null, true);
                case "activeAssetCtx" -> context(data, receivedAt);
                case "subscriptionResponse", "pong" -> LiveFrame.NONE;
                case "error" -> {
                    LOG.warn("Hyperliquid stream error: {}", data);
                    yield LiveFrame.NONE;
                }
                default -> throw new IllegalArgumentException("unknown channel \"" + channel + "\"");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw malformed(channel + ": " + e.getMessage(), frame);
        }
    }

    private static List<Candle> candles(JsonNode data) {
        if (data == null || !(data.isObject() || data.isArray())) {
            throw new IllegalArgumentException("data is not a candle or a list of candles");
        }
        List<Candle> candles = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(node -> candles.add(candle(node, "ws", false)));
        } else {
            candles.add(candle(data, "ws", false));
        }
        return candles;
    }

    /** A candle object {t,T,s,i,o,c,h,l,v,n}, shared by the stream and candleSnapshot. */
    static Candle candle(JsonNode node, String source, boolean isFinal) {
        String coin = text(node, "s");
        CandleInterval interval = CandleInterval.parse(text(node, "i"));
        return new Candle(Instrument.hyperliquidPerp(coin, false), interval, millis(node, "t"), millis(node, "T"),
                JsonFields.requiredDecimal(node, "o"), JsonFields.requiredDecimal(node, "h"),
                JsonFields.requiredDecimal(node, "l"), JsonFields.requiredDecimal(node, "c"),
                JsonFields.requiredDecimal(node, "v"), null, whole(node, "n"), null, null, isFinal, source);
    }

    private static LiveFrame context(JsonNode data, Instant receivedAt) {
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data is not an object");
        }
        Instrument instrument = Instrument.hyperliquidPerp(text(data, "coin"), false);
        JsonNode ctx = data.get("ctx");
        if (ctx == null || !ctx.isObject()) {
            throw new IllegalArgumentException("ctx is not an object");
        }
        return new LiveFrame(List.of(), AssetContextsNormalizer.fundingRate(instrument, receivedAt, ctx),
                AssetContextsNormalizer.openInterest(instrument, receivedAt, ctx), true);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.textValue();
    }

    static Instant millis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is not an integer time in ms");
        }
        return Instant.ofEpochMilli(value.longValue());
    }

    private static Long whole(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return value.longValue();
    }

    private static MalformedPayloadException malformed(String reason, String frame) {
        return new MalformedPayloadException(SOURCE, reason, frame);
    }
}
