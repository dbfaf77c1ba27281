package dev.hoard.metrics;

import dev.hoard.HoardHarness;
import dev.hoard.pipeline.MetricPullOutcomes.PullSummary;
import dev.hoard.pipeline.PullPlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** Test helpers for metric pulls: catalogs in temporary files, pulls through the real routes, stored rows. */
final class MetricPulls {

    private MetricPulls() {
    }

    /** Writes a catalog CSV (header first) to a fresh temporary file and returns its absolute path. */
    static Path catalog(String... lines) {
        try {
            Path file = Files.createTempFile("catalog", ".csv");
            file.toFile().deleteOnExit();
            return rewrite(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path rewrite(Path file, String... lines) {
        try {
            return Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one pull through {@code direct:<source>-pull}, as the timer and the CLI do. */
    static Exchange pull(HoardHarness hoard, String source, String mode, String assets) {
        return hoard.context().createProducerTemplate().send("direct:" + source + "-pull", exchange -> {
            exchange.getMessage().setHeader(PullPlanner.MODE, mode);
            if (assets != null) {
                exchange.getMessage().setHeader(PullPlanner.ASSETS, assets);
            }
        });
    }

    static PullSummary summary(Exchange exchange) {
        if (exchange.getException() != null) {
            throw new AssertionError("pull failed", exchange.getException());
        }
        return exchange.getMessage().getBody(PullSummary.class);
    }

    /** The stored series of (source, asset, metric): time → value. */
    static Map<Instant, BigDecimal> series(HoardHarness hoard, String source, String asset, String metric)
            throws SQLException {
        Map<Instant, BigDecimal> rows = new LinkedHashMap<>();
        try (Connection c = hoard.database.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT time, value FROM metrics WHERE source = ? AND asset = ? AND metric = ? ORDER BY time")) {
            s.setString(1, source);
            s.setString(2, asset);
            s.setString(3, metric);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2));
                }
            }
        }
        return rows;
    }
}
