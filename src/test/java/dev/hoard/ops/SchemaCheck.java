package dev.hoard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against an OpenAPI 3.0 schema of the document it comes from: the subset
 * /openapi.json uses ($ref, allOf, oneOf, type with nullable, enum, required, properties,
 * additionalProperties, items). Returns what does not match, as JSON-pointer-like paths; empty when
 * the value conforms. Properties a schema does not list are allowed unless additionalProperties says.
 */
final class SchemaCheck {

    private final JsonNode document;

    SchemaCheck(JsonNode document) {
        this.document = document;
    }

    List<String> problems(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check("", value, schema, problems);
        return problems;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            JsonNode target = document;
            for (String part : schema.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("unresolved " + schema.get("$ref").asText());
            }
            schema = target;
        }
        return schema;
    }

    private void check(String at, JsonNode value, JsonNode schema, List<String> problems) {
        schema = resolve(schema);
        for (JsonNode part : schema.path("allOf")) {
            check(at, value, part, problems);
        }
        if (schema.has("oneOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("oneOf")) {
                any |= problems(value, option).isEmpty();
            }
            if (!any) {
                problems.add(at + ": matches none of oneOf");
            }
        }
        if (value.isNull()) {
            if (schema.has("type") && !schema.path("nullable").asBoolean(false)) {
                problems.add(at + ": null but not nullable");
            }
            return;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            problems.add(at + ": " + value.getNodeType() + " is not " + type);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not in " + schema.get("enum"));
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at + ": lacks " + required.asText());
            }
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode property = schema.path("properties").get(field.getKey());
                if (property != null) {
                    check(at + "/" + field.getKey(), field.getValue(), property, problems);
                } else if (schema.get("additionalProperties") != null && schema.get("additionalProperties").isObject()) {
                    check(at + "/" + field.getKey(), field.getValue(), schema.get("additionalProperties"), problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(at + "/" + i, value.get(i), schema.get("items"), problems);
            }
        }
    }
}
