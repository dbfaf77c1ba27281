package dev.hoard.model;

import java.util.List;

/**
 * What one upstream response holds for one catalog entry.
 *
 * @param daily   the series' daily points, with the upstream's own timestamps
 * @param current values as of the fetch (DefiLlama's last, fetch-time point; a current price): they
 *                belong to live pulls only and are never stored with their own timestamp
 * @param noData  why the upstream had nothing for the entry (its own message), or null
 */
public record MetricData(List<MetricPoint> daily, List<MetricPoint> current, String noData) {

    public MetricData {
        daily = List.copyOf(daily);
        current = List.copyOf(current);
    }

    public static MetricData of(List<MetricPoint> daily, List<MetricPoint> current) {
        return new MetricData(daily, current, daily.isEmpty() && current.isEmpty() ? "no points" : null);
    }

    public static MetricData none(String reason) {
        return new MetricData(List.of(), List.of(), reason);
    }
}
