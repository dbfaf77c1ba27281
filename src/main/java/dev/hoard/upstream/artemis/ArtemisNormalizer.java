package dev.hoard.upstream.artemis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.model.MetricData;
import dev.hoard.model.MetricPoint;
import dev.hoard.pipeline.PullUnit;
import dev.hoard.upstream.JsonFields;
import dev.hoard.upstream.JsonPayload;
import dev.hoard.upstream.MalformedPayloadException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Artemis' {@code {"data":{"symbols":{sym:{METRIC:[{"date":"YYYY-MM-DD","val":n}]}}}}} to daily
 * points at midnight UTC. Artemis may answer a string where data was due ({@code data.symbols}, or
 * one symbol, or one metric): that is "no data" for the entry, with Artemis' message, not an error.
 * Any other shape, or a value that is not a decimal, rejects the unit. A null {@code val} is no point.
 */
public final class ArtemisNormalizer {

    public MetricData normalize(String body, PullUnit unit) {
        String asset = unit.entry().asset();
        String metric = unit.entry().metric();
        String source = "artemis." + metric;
        JsonNode root = JsonPayload.parse(source, body);
        try {
            JsonNode node = root.get("data");
            for (String level : new String[] {"symbols", asset, metric}) {
                if (node == null || node.isNull()) {
                    return MetricData.none("Artemis has no " + metric + " for " + asset);
                }
                if (node.isTextual()) {
                    return MetricData.none(node.textValue());
                }
                if (!node.isObject()) {
                    throw new IllegalArgumentException("expected an object above " + level + ", got "
                            + node.getNodeType().name().toLowerCase());
                }
                node = field(node, level);
            }
            if (node == null || node.isNull()) {
                return MetricData.none("Artemis has no " + metric + " for " + asset);
            }
            if (node.isTextual()) {
                return MetricData.none(node.textValue());
            }
            if (!node.isArray()) {
                throw new IllegalArgumentException(metric + " is a " + node.getNodeType().name().toLowerCase()
                        + ", not an array");
            }
            return MetricData.of(points(node, asset, metric), List.of());
        } catch (IllegalArgumentException e) {
            throw new MalformedPayloadException(source, asset + " " + metric + ": " + e.getMessage(), body);
        }
    }

    private static List<MetricPoint> points(JsonNode array, String asset, String metric) {
        List<MetricPoint> points = new ArrayList<>(array.size());
        for (JsonNode point : array) {
            BigDecimal value = JsonFields.optionalDecimal(point, "val");
            if (value == null) {
                continue;
            }
            String date = point.path("date").asText("");
            try {
                points.add(new MetricPoint(asset, metric,
                        LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date)
                                .atStartOfDay(ZoneOffset.UTC).toInstant(), value));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("date '" + JsonFields.abbreviate(date) + "' is not YYYY-MM-DD");
            }
        }
        return points;
    }

    /** The field named {@code name}, matched exactly or else without regard to case. */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
