package dev.hoard.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One status change of a Hyperliquid TWAP order (UPSTREAMS.md §5): which TWAP ({@code twapId},
 * {@code wallet}), when ({@code ts}, the event time), its state at that moment and its status
 * ({@code activated}, {@code finished}, {@code terminated} or {@code error}). {@code rawPayload} is
 * a JSON object of whatever the source carried that has no column here (null when nothing), such
 * as an error status's message.
 */
public record TwapStatus(
        long twapId,
        String wallet,
        Instant ts,
        String asset,
        String side,
        BigDecimal sizeRequested,
        BigDecimal sizeExecuted,
        BigDecimal notionalExecuted,
        String status,
        Integer durationMinutes,
        Boolean reduceOnly,
        Boolean randomize,
        String rawPayload) {
}
