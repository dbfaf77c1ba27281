package dev.hoard.upstream.hyperliquid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.MalformedPayloadException;
import dev.hoard.upstream.RestFinality;
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

    private final RestFinality finality;

    public HistoryNormalizer(RestFinality finality) {
        this.finality = finality;
    }

    /**
     * Candles of a page, de-duplicated by open time and ascending. A candle is final when a later one
     * follows it in the page or the answer was produced ({@code producedAt}, the exchange's clock) past
     * its close plus the margin ({@link RestFinality}); the rest, the still-open candle, stay provisional.
     */
    public List<Candle> candles(String body, Instant producedAt) {
        JsonNode root = array(body, CANDLES_SOURCE);
        TreeMap<Instant, Candle> byOpen = new TreeMap<>();
        try {
            for (JsonNode node : root) {
                Candle candle = StreamFrameNormalizer.candle(node, "rest", false);
                byOpen.put(candle.openTime(), candle);
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(CANDLES_SOURCE, e.getMessage(), body);
        }
        List<Candle> candles = new ArrayList<>(byOpen.size());
        Instant last = byOpen.isEmpty() ? null : byOpen.lastKey();
        for (Candle candle : byOpen.values()) {
            boolean closed = finality.isFinal(candle.closeTime(), candle.openTime().isBefore(last), producedAt);
            candles.add(closed ? candle.asFinal() : candle);
        }
        return candles;
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
