package dev.hoard.upstream.hyperliquid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.MalformedPayloadException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads Hyperliquid history answers: {@code candleSnapshot} (UPSTREAMS.md §1.4) and
 * {@code fundingHistory} (§1.3). A page is all or nothing: one bad element rejects the page.
 */
public final class HistoryNormalizer {

    public static final String CANDLES_SOURCE = "hyperliquid.candleSnapshot";
    public static final String FUNDING_SOURCE = "hyperliquid.fundingHistory";

    /**
     * Candles of a page, de-duplicated by open time and ascending. A candle whose close time is not
     * yet past {@code now} is still forming and stays provisional; the rest are final.
     */
    public List<Candle> candles(String body, Instant now) {
        JsonNode root = array(body, CANDLES_SOURCE);
        TreeMap<Instant, Candle> byOpen = new TreeMap<>();
        try {
            for (JsonNode node : root) {
                Candle candle = StreamFrameNormalizer.candle(node, "rest", false);
                boolean closed = candle.closeTime().isBefore(now);
                byOpen.put(candle.openTime(), closed ? candle.asFinal() : candle);
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(CANDLES_SOURCE, e.getMessage(), body);
        }
        return new ArrayList<>(byOpen.values());
    }

    /**
     * Funding rows of a page, bucketed to the hour: Hyperliquid's times carry millisecond jitter
     * ({@code 1683849600048}), so the stored time is the hour they belong to. The raw times are
     * returned too, for paging.
     */
    public FundingPage funding(String body, Instrument instrument) {
        JsonNode root = array(body, FUNDING_SOURCE);
        List<FundingRate> rows = new ArrayList<>(root.size());
        Instant last = null;
        try {
            for (JsonNode node : root) {
                Instant time = StreamFrameNormalizer.millis(node, "time");
                last = time;
                rows.add(new FundingRate(instrument, time.truncatedTo(ChronoUnit.HOURS),
                        JsonFields.requiredDecimal(node, "fundingRate"), JsonFields.optionalDecimal(node, "premium"),
                        null, null, null, null, null, null, null, null));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(FUNDING_SOURCE, e.getMessage(), body);
        }
        return new FundingPage(rows, root.size(), last);
    }

    /** A fundingHistory page: its rows, how many elements came, and the last raw time. */
    public record FundingPage(List<FundingRate> rows, int elements, Instant lastTime) {
    }

    private static JsonNode array(String body, String source) {
        try {
            JsonNode root = JsonFields.MAPPER.readTree(body == null ? "" : body);
            if (root == null || !root.isArray()) {
                throw new MalformedPayloadException(source, "expected a JSON array", body);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException(source, "not valid JSON: " + e.getOriginalMessage(), body);
        }
    }
}
