package dev.hoard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.sim.HyperliquidGroundTruth.Candle;
import dev.hoard.sim.HyperliquidGroundTruth.FundingPoint;
import dev.hoard.sim.SimFaults.Malformed;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The simulated Hyperliquid info API at {@code POST /hyperliquid/info} (UPSTREAMS.md §1) and WebSocket at
 * {@code /hyperliquid/ws} ({@link #ws()}, UPSTREAMS.md §2).
 *
 * <p>Supported bodies:
 * <ul>
 *   <li>{@code {"type":"meta"}} and {@code {"type":"metaAndAssetCtxs"}} (any {@code dex} is ignored);</li>
 *   <li>{@code {"type":"candleSnapshot","req":{"coin","interval","startTime","endTime"}}}: ascending candles from the
 *       one containing {@code startTime} (its {@code t} may be earlier) to the one containing
 *       {@code min(endTime, now)}, which is partial if it is still open. Only the most recent
 *       {@value #CANDLE_WINDOW} candles of the interval, counting back from the current one, are served: older parts
 *       of a range are silently absent, and so are candles that ended before
 *       {@link HyperliquidGroundTruth#LISTED_FROM};</li>
 *   <li>{@code {"type":"fundingHistory","coin","startTime","endTime"?}}: ascending hourly rows whose jittered
 *       {@code time} lies in {@code [startTime, min(endTime, now)]}, at most {@value #FUNDING_PAGE} (the first ones
 *       from {@code startTime}).</li>
 * </ul>
 * Any other type, a body that is not a JSON object with a string {@code type}, or a missing or ill-typed field
 * (times must be non-negative integers, the interval one of {@link SimIntervals#ALL}) gets HTTP 422
 * {@code text/plain} "Failed to deserialize the JSON body into the target type", like the real API. An unknown coin
 * (how the real API answers is unverified) gets an empty array. Data comes from {@link #groundTruth()} at the
 * instant of {@link #clock(Clock) the clock} when the request arrives.
 *
 * <p>Weight (UPSTREAMS.md §1.7): every answered request adds 20, plus {@code items/60} for candleSnapshot and
 * {@code items/20} for fundingHistory (integer division), to {@link #weightUsedLastMinute()}. With
 * {@link #weightLimitPerMinute(int)} set (off by default; Hyperliquid's is 1200),
 * a request that would exceed it gets 429 with the body {@code null} instead.
 *
 * <p>Malformed faults: {@code meta} carries {@code NOT_JSON}, {@code TRUNCATED} and {@code UNIVERSE_NOT_ARRAY};
 * {@code metaAndAssetCtxs} carries every kind; candleSnapshot and fundingHistory carry {@code NOT_JSON} and
 * {@code TRUNCATED}; other requests leave a pending malformed fault untouched.
 */
public final class HyperliquidSim implements SimModule {

    /** Where the module is mounted; Hoard's {@code hoard.hyperliquid.rest-url} is {@code baseUrl + PREFIX}. */
    public static final String PREFIX = "/hyperliquid";
    static final String DESERIALIZE_ERROR = "Failed to deserialize the JSON body into the target type";
    static final String NOT_JSON_BODY = "<html><body><h1>Service temporarily unavailable</h1></body></html>";
    static final String UNPARSEABLE_TYPE = "(unparseable)";

    private static final Set<Malformed> META_FAULTS =
            EnumSet.of(Malformed.NOT_JSON, Malformed.TRUNCATED, Malformed.UNIVERSE_NOT_ARRAY);
    private static final Set<Malformed> META_AND_CTXS_FAULTS = EnumSet.allOf(Malformed.class);
    private static final Set<Malformed> LIST_FAULTS = EnumSet.of(Malformed.NOT_JSON, Malformed.TRUNCATED);
    /** How many of the most recent candles of an interval the API serves. */
    public static final int CANDLE_WINDOW = 5000;
    /** Max rows of one fundingHistory response. */
    public static final int FUNDING_PAGE = 500;
    private static final int BASE_WEIGHT = 20;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HyperliquidGroundTruth truth = new HyperliquidGroundTruth();
    private final HyperliquidJson json = new HyperliquidJson(truth);
    private final WeightMeter weight = new WeightMeter();
    private volatile Clock clock = Clock.systemUTC();
    private final HyperliquidWs ws = new HyperliquidWs(truth, this::now);

    /** Pins (or moves) the time the simulated market is read at. */
    public HyperliquidSim clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The instant the next response will describe. */
    @Override
    public Instant now() {
        return clock.instant();
    }

    public HyperliquidGroundTruth groundTruth() {
        return truth;
    }

    /** The simulated WebSocket at {@code /hyperliquid/ws}: emission, faults and stats. */
    public HyperliquidWs ws() {
        return ws;
    }

    /** The REST weight of the requests answered in the last 60 s (real time). */
    public long weightUsedLastMinute() {
        return weight.usedLastMinute();
    }

    /** Answers 429 to a request that would push the weight of the last minute above {@code limit}; 0 turns it off. */
    public HyperliquidSim weightLimitPerMinute(int limit) {
        weight.limitPerMinute(limit);
        return this;
    }

    public int weightLimitPerMinute() {
        return weight.limitPerMinute();
    }

    /** Forgets the weight used so far (the limit stays). */
    public HyperliquidSim resetWeight() {
        weight.reset();
        return this;
    }

    WeightMeter weightMeter() {
        return weight;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public String requestKey(SimRequest request) {
        return isInfo(request) ? typeOf(request.body()).orElse(UNPARSEABLE_TYPE) : null;
    }

    @Override
    public SimResponse answer(SimRequest request, SimFaults faults) {
        if (!request.path().equals("/info")) {
            return SimResponse.text(404, "Not Found");
        }
        if (!request.method().equals("POST")) {
            return SimResponse.text(405, "Method Not Allowed");
        }
        JsonNode body = parse(request.body());
        String type = body.path("type").isTextual() ? body.get("type").asText() : "";
        if (!List.of("meta", "metaAndAssetCtxs", "candleSnapshot", "fundingHistory").contains(type)) {
            return SimResponse.text(422, DESERIALIZE_ERROR);
        }
        if (weight.refuse(BASE_WEIGHT)) {
            return failure(429);
        }
        try {
            return switch (type) {
                case "meta" -> weighed(meta(faults.takeMalformed(META_FAULTS)), 0);
                case "metaAndAssetCtxs" -> weighed(metaAndAssetCtxs(faults.takeMalformed(META_AND_CTXS_FAULTS)), 0);
                case "candleSnapshot" -> candleSnapshot(body, faults);
                default -> fundingHistory(body, faults);
            };
        } catch (BadBody e) {
            return SimResponse.text(422, DESERIALIZE_ERROR);
        }
    }

    /**
     * The candles a {@code candleSnapshot} for the range answers at {@code now}: see the class comment.
     * Empty for an unknown coin, or when {@code endTime < startTime} or {@code startTime > now}.
     */
    public List<Candle> candleSnapshot(String coin, String interval, long startTime, long endTime, Instant now) {
        List<Candle> out = new ArrayList<>();
        if (!truth.isKnown(coin) || endTime < startTime) {
            return out;
        }
        long nowMs = now.toEpochMilli();
        long end = Math.min(endTime, nowMs);
        if (startTime > end) {
            return out;
        }
        long current = SimIntervals.openMillis(interval, nowMs);
        long oldest = SimIntervals.shiftMillis(interval, current, -(CANDLE_WINDOW - 1));
        long listedFrom = HyperliquidGroundTruth.LISTED_FROM.toEpochMilli();
        long open = Math.max(SimIntervals.openMillis(interval, startTime),
                Math.max(oldest, SimIntervals.openMillis(interval, listedFrom)));
        long last = SimIntervals.openMillis(interval, end);
        while (open <= last && out.size() < CANDLE_WINDOW) {
            out.add(truth.candle(coin, interval, Instant.ofEpochMilli(open), now));
            open = SimIntervals.nextOpenMillis(interval, open);
        }
        return out;
    }

    /** The rows a {@code fundingHistory} request answers at {@code now}: see the class comment. */
    public List<FundingPoint> fundingHistory(String coin, long startTime, OptionalLong endTime, Instant now) {
        List<FundingPoint> out = new ArrayList<>();
        if (!truth.isKnown(coin)) {
            return out;
        }
        long end = Math.min(endTime.orElse(Long.MAX_VALUE), now.toEpochMilli());
        long hour = Math.max(Math.floorDiv(startTime, SimIntervals.HOUR_MS) * SimIntervals.HOUR_MS,
                HyperliquidGroundTruth.LISTED_FROM.toEpochMilli());
        while (out.size() < FUNDING_PAGE && hour <= end) {
            FundingPoint point = truth.fundingAt(coin, Instant.ofEpochMilli(hour));
            if (point.time() > end) {
                break;
            }
            if (point.time() >= startTime) {
                out.add(point);
            }
            hour += SimIntervals.HOUR_MS;
        }
        return out;
    }

    private SimResponse candleSnapshot(JsonNode body, SimFaults faults) {
        JsonNode req = body.get("req");
        if (req == null || !req.isObject()) {
            throw new BadBody();
        }
        String coin = text(req, "coin");
        String interval = text(req, "interval");
        if (!SimIntervals.isValid(interval)) {
            throw new BadBody();
        }
        long startTime = unsigned(req.get("startTime"));
        long endTime = unsigned(req.get("endTime"));
        List<Candle> candles = candleSnapshot(coin, interval, startTime, endTime, now());
        String text = HyperliquidJson.candles(candles);
        return weighed(renderText(text, faults.takeMalformed(LIST_FAULTS)), candles.size() / 60);
    }

    private SimResponse fundingHistory(JsonNode body, SimFaults faults) {
        String coin = text(body, "coin");
        long startTime = unsigned(body.get("startTime"));
        JsonNode end = body.get("endTime");
        OptionalLong endTime = end == null || end.isNull() ? OptionalLong.empty() : OptionalLong.of(unsigned(end));
        List<FundingPoint> rows = fundingHistory(coin, startTime, endTime, now());
        String text = write(HyperliquidJson.funding(rows));
        return weighed(renderText(text, faults.takeMalformed(LIST_FAULTS)), rows.size() / 20);
    }

    private SimResponse weighed(SimResponse response, long extra) {
        weight.add(BASE_WEIGHT + extra);
        return response;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadBody();
        }
        return value.asText();
    }

    /** A JSON integer that fits an unsigned 64-bit millisecond count we can handle. */
    private static long unsigned(JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new BadBody();
        }
        return value.longValue();
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node == null ? mapper.nullNode() : node;
        } catch (JsonProcessingException e) {
            return mapper.nullNode();
        }
    }

    private static final class BadBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadBody() {
            super(null, null, false, false);
        }
    }

    /** 429 answers with the text {@code null}; 500 with a JSON error; other statuses with their reason phrase. */
    @Override
    public SimResponse failure(int status) {
        if (status == 429) {
            return SimResponse.text(429, "null");
        }
        if (status == 500) {
            return SimResponse.json(500, "{\"error\":\"Internal Server Error\"}");
        }
        return SimModule.super.failure(status);
    }

    private SimResponse meta(Optional<Malformed> fault) {
        ObjectNode meta = json.meta();
        fault.ifPresent(kind -> corrupt(meta, null, kind));
        return render(meta, fault);
    }

    private SimResponse metaAndAssetCtxs(Optional<Malformed> fault) {
        ObjectNode meta = json.meta();
        ArrayNode ctxs = json.ctxs(now());
        fault.ifPresent(kind -> corrupt(meta, ctxs, kind));
        return render(mapper.createArrayNode().add(meta).add(ctxs), fault);
    }

    /** Applies the tree-level corruptions; {@code ctxs} is null for a {@code meta} response. */
    private static void corrupt(ObjectNode meta, ArrayNode ctxs, Malformed kind) {
        switch (kind) {
            case UNIVERSE_NOT_ARRAY -> meta.put("universe", "unavailable");
            case LENGTH_MISMATCH -> ctxs.remove(ctxs.size() - 1);
            case NON_NUMERIC_FUNDING -> ((ObjectNode) ctxs.get(1)).put("funding", "abc");
            case STRING_CTX -> ctxs.set(2, ctxs.textNode("oops"));
            case NOT_JSON, TRUNCATED -> {
                // applied to the serialized body in render()
            }
        }
    }

    /** Serializes {@code body}, applying the text-level corruptions. */
    private SimResponse render(JsonNode body, Optional<Malformed> fault) {
        return renderText(write(body), fault);
    }

    private static SimResponse renderText(String text, Optional<Malformed> fault) {
        Malformed kind = fault.orElse(null);
        if (kind == Malformed.NOT_JSON) {
            text = NOT_JSON_BODY;
        } else if (kind == Malformed.TRUNCATED) {
            text = text.substring(0, text.length() / 2);
        }
        return SimResponse.json(200, text);
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> typeOf(String body) {
        try {
            JsonNode type = mapper.readTree(body).path("type");
            return type.isTextual() ? Optional.of(type.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static boolean isInfo(SimRequest request) {
        return request.path().equals("/info") && request.method().equals("POST");
    }
}
