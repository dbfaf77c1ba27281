package dev.hoard.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.sim.HyperliquidGroundTruth.AssetCtx;
import dev.hoard.sim.HyperliquidGroundTruth.Perp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Encodes {@link HyperliquidGroundTruth} in the Hyperliquid info API's JSON shapes and key order. */
final class HyperliquidJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HyperliquidGroundTruth truth;

    HyperliquidJson(HyperliquidGroundTruth truth) {
        this.truth = truth;
    }

    /** The {@code meta} response: {@code {"universe":[...],"marginTables":[[id,{...}],...]}}. */
    ObjectNode meta() {
        ObjectNode meta = NODES.objectNode();
        ArrayNode universe = meta.putArray("universe");
        Map<Integer, Integer> leverageByTable = new TreeMap<>();
        for (Perp perp : truth.universe()) {
            ObjectNode entry = universe.addObject()
                    .put("szDecimals", perp.szDecimals())
                    .put("name", perp.name())
                    .put("maxLeverage", perp.maxLeverage())
                    .put("marginTableId", perp.marginTableId());
            if (perp.delisted()) {
                entry.put("onlyIsolated", true).put("isDelisted", true);
            }
            leverageByTable.put(perp.marginTableId(), perp.maxLeverage());
        }
        ArrayNode tables = meta.putArray("marginTables");
        leverageByTable.forEach((id, leverage) -> {
            ArrayNode table = tables.addArray().add(id);
            ObjectNode body = table.addObject().put("description", "");
            body.putArray("marginTiers").addObject()
                    .put("lowerBound", "0.0")
                    .put("maxLeverage", leverage);
        });
        return meta;
    }

    /** The asset contexts at {@code at}, aligned with {@link #meta()}'s universe. */
    ArrayNode ctxs(Instant at) {
        ArrayNode ctxs = NODES.arrayNode();
        for (String coin : truth.coins()) {
            ctxs.add(ctx(truth.ctx(coin, at)));
        }
        return ctxs;
    }

    static ObjectNode ctx(AssetCtx c) {
        ObjectNode node = NODES.objectNode();
        putDecimal(node, "funding", c.funding());
        putDecimal(node, "openInterest", c.openInterest());
        putDecimal(node, "prevDayPx", c.prevDayPx());
        putDecimal(node, "dayNtlVlm", c.dayNtlVlm());
        putDecimal(node, "premium", c.premium());
        putDecimal(node, "oraclePx", c.oraclePx());
        putDecimal(node, "markPx", c.markPx());
        putDecimal(node, "midPx", c.midPx());
        if (c.impactBid() == null || c.impactAsk() == null) {
            node.putNull("impactPxs");
        } else {
            node.putArray("impactPxs").add(c.impactBid().toPlainString()).add(c.impactAsk().toPlainString());
        }
        putDecimal(node, "dayBaseVlm", c.dayBaseVlm());
        return node;
    }

    private static void putDecimal(ObjectNode node, String field, BigDecimal value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toPlainString());
        }
    }
}
