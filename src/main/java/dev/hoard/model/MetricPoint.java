package dev.hoard.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One value of one series as an upstream gave it: the source's own asset id, an uppercase metric
 * name, the upstream's own timestamp (UTC) and the exact value. Zero stays zero.
 */
public record MetricPoint(String asset, String metric, Instant time, BigDecimal value) {
}
