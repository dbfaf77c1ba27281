package dev.hoard.export;

import dev.hoard.api.InstrumentLookup.Listing;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One export: a dataset of one instrument (and interval), over [start, end). */
public record ExportRequest(ExportDataset dataset, Listing listing, String interval, Instant start, Instant end) {

    /** A file name without extension: {@code hyperliquid_BTC_USD_perps_candles_1m_20250101_20260101}. */
    public String baseName() {
        String range = stamp(start) + "_" + stamp(end);
        return String.join("_", listing.exchange(), listing.coin(), listing.quote(), listing.marketType(),
                dataset.id()) + (interval == null ? "" : "_" + interval) + "_" + range;
    }

    private static String stamp(Instant time) {
        return time.toString().replace("-", "").replace(":", "").replace("T000000Z", "").replace("Z", "");
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("dataset", dataset.id());
        parameters.put("exchange", listing.exchange());
        parameters.put("coin", listing.coin());
        parameters.put("quote", listing.quote());
        parameters.put("market_type", listing.marketType());
        parameters.put("interval", interval);
        parameters.put("start", start.toString());
        parameters.put("end", end.toString());
        parameters.put("range", "[start, end)");
        return parameters;
    }
}
