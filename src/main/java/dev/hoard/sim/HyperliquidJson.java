package dev.hoard.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.sim.HyperliquidGroundTruth.AssetCtx;
import dev.hoard.sim.HyperliquidGroundTruth.Candle;
import dev.hoard.sim.HyperliquidGroundTruth.FundingPoint;
import dev.hoard.sim.HyperliquidGroundTruth.Perp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes {@link HyperliquidGroundTruth} in the Hyperliquid info API's and WebSocket's JSON shapes and key order.
 * Candles are written by hand (they are the hot path of WebSocket benchmarks); coins and intervals are known
 * names that need no escaping.
 */
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

    /** A candle object: {@code {"t":..,"T":..,"s":..,"i":..,"o":..,"c":..,"h":..,"l":..,"v":..,"n":..}}. */
    static String candle(Candle c) {
        return appendCandle(new StringBuilder(160), c, false).toString();
    }

    /** The {@code candleSnapshot} response: a JSON array of {@link #candle(Candle)} objects. */
    static String candles(List<Candle> candles) {
        StringBuilder out = new StringBuilder(16 + candles.size() * 160).append('[');
        for (int k = 0; k < candles.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            appendCandle(out, candles.get(k), false);
        }
        return out.append(']').toString();
    }

    /** The WebSocket candle frame {@code {"channel":"candle","data":{...}}}; {@code badTime} writes {@code "t":"oops"}. */
    static String wsCandle(Candle c, boolean badTime) {
        StringBuilder out = new StringBuilder(190).append("{\"channel\":\"candle\",\"data\":");
        return appendCandle(out, c, badTime).append('}').toString();
    }

    /** The WebSocket frame {@code {"channel":"activeAssetCtx","data":{"coin":..,"ctx":{...}}}}; {@code badCtx}: {@code "ctx":"oops"}. */
    static String wsActiveAssetCtx(String coin, AssetCtx ctx, boolean badCtx) {
        ObjectNode frame = NODES.objectNode().put("channel", "activeAssetCtx");
        ObjectNode data = frame.putObject("data").put("coin", coin);
        if (badCtx) {
            data.put("ctx", "oops");
        } else {
            data.set("ctx", ctx(ctx));
        }
        return frame.toString();
    }

    /** The {@code fundingHistory} response rows: {@code [{"coin","fundingRate","premium","time"}]}. */
    static ArrayNode funding(List<FundingPoint> points) {
        ArrayNode rows = NODES.arrayNode();
        for (FundingPoint p : points) {
            rows.addObject()
                    .put("coin", p.coin())
                    .put("fundingRate", p.fundingRate().toPlainString())
                    .put("premium", p.premium().toPlainString())
                    .put("time", p.time());
        }
        return rows;
    }

    private static StringBuilder appendCandle(StringBuilder out, Candle c, boolean badTime) {
        out.append("{\"t\":");
        if (badTime) {
            out.append("\"oops\"");
        } else {
            out.append(c.t());
        }
        return out.append(",\"T\":").append(c.T())
                .append(",\"s\":\"").append(c.s())
                .append("\",\"i\":\"").append(c.i())
                .append("\",\"o\":\"").append(c.o().toPlainString())
                .append("\",\"c\":\"").append(c.c().toPlainString())
                .append("\",\"h\":\"").append(c.h().toPlainString())
                .append("\",\"l\":\"").append(c.l().toPlainString())
                .append("\",\"v\":\"").append(c.v().toPlainString())
                .append("\",\"n\":").append(c.n()).append('}');
    }
}
