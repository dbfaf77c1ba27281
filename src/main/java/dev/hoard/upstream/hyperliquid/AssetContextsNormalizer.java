package dev.hoard.upstream.hyperliquid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.DeadLetter;
import dev.hoard.model.FundingRate;
import dev.hoard.model.FundingSnapshot;
import dev.hoard.model.Instrument;
import dev.hoard.model.OpenInterest;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.MalformedPayloadException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Hyperliquid {@code metaAndAssetCtxs} response ({@code [meta, ctxs]}, UPSTREAMS.md §1.2)
 * into a {@link FundingSnapshot} stamped with the given hour.
 *
 * <p>What is rejected, and how much:
 * <ul>
 *   <li>The whole response, when it cannot be aligned: not JSON, cut short, not a two-element array,
 *       no {@code universe} array, or {@code universe} and contexts of different lengths. Contexts
 *       line up with assets only by position, so no asset of such a response can be trusted.</li>
 *   <li>One asset, when only its own entry is bad: a universe entry without a name, a context that
 *       is not an object, or a value that is not a decimal. It is dead-lettered with its reason and
 *       every other asset is stored.</li>
 * </ul>
 */
public final class AssetContextsNormalizer {

    public static final String SOURCE = "hyperliquid.metaAndAssetCtxs";

    public FundingSnapshot normalize(String body, Instant hour) {
        JsonNode root = parse(body);
        if (!root.isArray() || root.size() != 2) {
            throw malformed("expected a [meta, contexts] array", body);
        }
        JsonNode universe = root.get(0).path("universe");
        JsonNode contexts = root.get(1);
        if (!universe.isArray()) {
            throw malformed("meta.universe is not an array", body);
        }
        if (!contexts.isArray()) {
            throw malformed("asset contexts are not an array", body);
        }
        if (universe.size() != contexts.size()) {
            throw malformed("universe has " + universe.size() + " assets but contexts has "
                    + contexts.size() + "; they align by position, so none can be trusted", body);
        }
        List<Instrument> instruments = new ArrayList<>(universe.size());
        List<FundingRate> funding = new ArrayList<>(universe.size());
        List<OpenInterest> openInterest = new ArrayList<>(universe.size());
        List<DeadLetter> rejects = new ArrayList<>();
        for (int i = 0; i < universe.size(); i++) {
            JsonNode asset = universe.get(i);
            JsonNode ctx = contexts.get(i);
            try {
                Instrument instrument = instrument(asset, i);
                if (!ctx.isObject()) {
                    throw new IllegalArgumentException("context is a " + ctx.getNodeType().name().toLowerCase()
                            + ", not an object");
                }
                funding.add(fundingRate(instrument, hour, ctx));
                openInterest.add(openInterest(instrument, hour, ctx));
                instruments.add(instrument);
            } catch (IllegalArgumentException e) {
                String name = asset.path("name").asText("#" + i);
                rejects.add(new DeadLetter(SOURCE, "asset " + name + " (index " + i + "): " + e.getMessage(),
                        "{\"asset\":" + asset + ",\"ctx\":" + ctx + "}"));
            }
        }
        return new FundingSnapshot(hour, instruments, funding, openInterest, rejects);
    }

    private static Instrument instrument(JsonNode asset, int index) {
        JsonNode name = asset.get("name");
        if (!asset.isObject() || name == null || !name.isTextual() || name.textValue().isBlank()) {
            throw new IllegalArgumentException("universe entry " + index + " has no name");
        }
        return Instrument.hyperliquidPerp(name.textValue(), asset.path("isDelisted").asBoolean(false));
    }

    static FundingRate fundingRate(Instrument instrument, Instant time, JsonNode ctx) {
        BigDecimal[] impact = impactPrices(ctx.get("impactPxs"));
        return new FundingRate(instrument, time,
                JsonFields.requiredDecimal(ctx, "funding"),
                JsonFields.optionalDecimal(ctx, "premium"),
                JsonFields.optionalDecimal(ctx, "markPx"),
                JsonFields.optionalDecimal(ctx, "oraclePx"),
                JsonFields.optionalDecimal(ctx, "midPx"),
                null,
                impact[0], impact[1],
                JsonFields.optionalDecimal(ctx, "prevDayPx"),
                null);
    }

    static OpenInterest openInterest(Instrument instrument, Instant time, JsonNode ctx) {
        return new OpenInterest(instrument, time,
                JsonFields.optionalDecimal(ctx, "openInterest"),
                null,
                JsonFields.optionalDecimal(ctx, "dayBaseVlm"),
                JsonFields.optionalDecimal(ctx, "dayNtlVlm"));
    }

    private static BigDecimal[] impactPrices(JsonNode node) {
        if (node == null || node.isNull()) {
            return new BigDecimal[2];
        }
        if (!node.isArray() || node.size() != 2) {
            throw new IllegalArgumentException("impactPxs is not a [bid, ask] pair");
        }
        return new BigDecimal[] {
            JsonFields.decimal(node.get(0), "impactPxs[0]"), JsonFields.decimal(node.get(1), "impactPxs[1]")};
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw malformed("empty response body", body);
        }
        try {
            return JsonFields.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON: " + e.getOriginalMessage(), body);
        }
    }

    private static MalformedPayloadException malformed(String reason, String body) {
        return new MalformedPayloadException(SOURCE, reason, body);
    }
}
