package dev.hoard.pipeline;

import java.time.LocalDate;

/**
 * One line of a metric catalog ({@code config/<source>.csv}): what to pull.
 *
 * @param asset          the source's own asset id ({@code sol} at Artemis, {@code Solana} at DefiLlama)
 * @param kind           what the asset is, for sources that need it (DefiLlama: chain, protocol, coin); else null
 * @param metric         uppercase metric name
 * @param backfillStart  first day a backfill asks for; null for a metric with no history (a current price)
 * @param canonicalAsset Hoard's own name for the asset across sources, or null
 * @param line           the CSV line it came from, for error messages
 */
public record CatalogEntry(String asset, String kind, String metric, boolean enabled, LocalDate backfillStart,
                           String canonicalAsset, long line) {
}
