package dev.hoard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.sim.SimFaults.Malformed;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated Hyperliquid info API at {@code POST /hyperliquid/info} (UPSTREAMS.md §1).
 *
 * <p>Supported bodies: {@code {"type":"meta"}} and {@code {"type":"metaAndAssetCtxs"}} (any {@code dex} is
 * ignored). Any other type, or a body that is not a JSON object with a string {@code type}, gets HTTP 422
 * {@code text/plain} "Failed to deserialize the JSON body into the target type", like the real API. Data comes
 * from {@link #groundTruth()} at the instant of {@link #clock(Clock) the clock} when the request arrives.
 *
 * <p>Malformed faults: {@code meta} carries {@code NOT_JSON}, {@code TRUNCATED} and {@code UNIVERSE_NOT_ARRAY};
 * {@code metaAndAssetCtxs} carries every kind; other requests leave a pending malformed fault untouched.
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

    private final ObjectMapper mapper = new ObjectMapper();
    private final HyperliquidGroundTruth truth = new HyperliquidGroundTruth();
    private final HyperliquidJson json = new HyperliquidJson(truth);
    private volatile Clock clock = Clock.systemUTC();

    /** Pins (or moves) the time the simulated market is read at. */
    public HyperliquidSim clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The instant the next response will describe. */
    public Instant now() {
        return clock.instant();
    }

    public HyperliquidGroundTruth groundTruth() {
        return truth;
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
        return switch (typeOf(request.body()).orElse("")) {
            case "meta" -> meta(faults.takeMalformed(META_FAULTS));
            case "metaAndAssetCtxs" -> metaAndAssetCtxs(faults.takeMalformed(META_AND_CTXS_FAULTS));
            default -> SimResponse.text(422, DESERIALIZE_ERROR);
        };
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
        String text = write(body);
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
