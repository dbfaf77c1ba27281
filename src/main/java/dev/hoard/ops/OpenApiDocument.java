package dev.hoard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.api.ApiParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code GET /openapi.json}: camel-openapi-java's document of the REST DSL (paths, parameters with
 * their types, defaults and enums, response descriptions, the API-key security schemes), completed
 * with what the DSL cannot express without Java model classes, from {@code openapi-schemas.yaml}
 * beside this class:
 * <ul>
 * <li>a relative server URL ({@code /}), so Swagger UI's "Try it out" calls the host it was loaded from
 * (Camel writes {@code http://0.0.0.0}, the bind address, without port);</li>
 * <li>the schema of every 200 body and the {@code Error} schema on every 4xx and 5xx;</li>
 * <li>the 401, 500 and 503 every endpoint can give, and no security on the health endpoints;</li>
 * <li>limits of parameters (minimum, maximum, pattern, maxLength) and defaults typed as their
 * parameter (Camel writes every default as a string).</li>
 * </ul>
 * Camel's REST API route looks this factory up in the registry and serves what it returns.
 */
public final class OpenApiDocument implements RestApiProcessorFactory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMAS = "openapi-schemas.yaml";
    private static final String REF = "$ref";

    @Override
    public Processor createApiProcessor(CamelContext context, String contextPath, RestConfiguration configuration,
                                        Map<String, Object> parameters) throws Exception {
        Processor camel = new OpenApiRestApiProcessorFactory().createApiProcessor(context, contextPath, configuration, parameters);
        context.addService(camel, true, true); // a service: started now, stopped with the context
        JsonNode completion = completion(context);
        return exchange -> {
            camel.process(exchange);
            ObjectNode document = (ObjectNode) JSON.readTree(exchange.getMessage().getMandatoryBody(byte[].class));
            complete(document, completion, verbs(context));
            exchange.getMessage().setBody(JSON.writeValueAsBytes(document));
        };
    }

    /** The completion file, each value that is a property placeholder resolved (to a number if it is one). */
    static JsonNode completion(CamelContext context) throws IOException {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(SCHEMAS)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMAS + " is not on the classpath");
            }
            JsonNode tree = JSON.valueToTree(new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            resolvePlaceholders(tree, context);
            return tree;
        }
    }

    private static void resolvePlaceholders(JsonNode node, CamelContext context) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String text = field.getValue().isTextual() ? field.getValue().asText() : null;
                if (text != null && text.startsWith("{{") && text.endsWith("}}")) {
                    String value = context.resolvePropertyPlaceholders(text);
                    field.setValue(value.matches("-?\\d{1,18}") ? JSON.getNodeFactory().numberNode(Long.parseLong(value))
                            : JSON.getNodeFactory().textNode(value));
                } else {
                    resolvePlaceholders(field.getValue(), context);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(item -> resolvePlaceholders(item, context));
        }
    }

    private static Map<String, VerbDefinition> verbs(CamelContext context) {
        Map<String, VerbDefinition> verbs = new HashMap<>();
        for (RestDefinition rest : ((ModelCamelContext) context).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                verbs.put(verb.getId(), verb);
            }
        }
        return verbs;
    }

    static void complete(ObjectNode document, JsonNode completion, Map<String, VerbDefinition> verbs) {
        document.putArray("servers").addObject().put("url", "/")
                .put("description", "the host this document was loaded from");
        ObjectNode components = document.with("components");
        components.with("schemas").setAll((ObjectNode) completion.get("schemas"));
        components.with("responses").setAll((ObjectNode) completion.get("responses"));
        List<String> openPaths = ApiGuard.openPaths();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.with("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                ObjectNode operation = (ObjectNode) methods.next().getValue();
                String id = operation.path("operationId").asText();
                VerbDefinition verb = verbs.get(id);
                String produces = verb == null || verb.getProduces() == null ? "application/json" : verb.getProduces();
                completeResponses(operation, completion, id, produces, openPaths.contains(path.getKey()));
                if (openPaths.contains(path.getKey())) {
                    operation.putArray("security");
                }
                for (JsonNode parameter : operation.path("parameters")) {
                    completeParameter((ObjectNode) parameter, completion.path("parameters"));
                }
            }
        }
    }

    private static void completeResponses(ObjectNode operation, JsonNode completion, String id, String produces,
                                          boolean open) {
        ObjectNode responses = operation.with("responses");
        responses.remove("default");
        String body = completion.path("bodies").path(id).asText(null);
        boolean unavailableHasBody = false;
        for (JsonNode listed : completion.path("unavailableBodies")) {
            unavailableHasBody |= listed.asText().equals(id);
        }
        for (Iterator<Map.Entry<String, JsonNode>> codes = responses.fields(); codes.hasNext(); ) {
            Map.Entry<String, JsonNode> code = codes.next();
            ObjectNode response = (ObjectNode) code.getValue();
            if (!response.has("description")) {
                response.put("description", code.getKey());
            }
            if (response.has("content")) {
                continue;
            }
            boolean success = code.getKey().equals("200") || (code.getKey().equals("503") && unavailableHasBody);
            if (success && body != null) {
                ObjectNode content = response.putObject("content");
                for (String type : produces.split(",")) {
                    content.putObject(type.trim()).putObject("schema").put(REF, "#/components/schemas/" + body);
                }
            } else if (code.getKey().startsWith("4") || code.getKey().startsWith("5")) {
                response.putObject("content").putObject("application/json").putObject("schema")
                        .put(REF, "#/components/schemas/Error");
            }
        }
        if (!open && !responses.has("401")) {
            responses.putObject("401").put(REF, "#/components/responses/Unauthorized");
        }
        if (!responses.has("500")) {
            responses.putObject("500").put(REF, "#/components/responses/InternalError");
        }
        if (!responses.has("503")) {
            responses.putObject("503").put(REF, "#/components/responses/Unavailable");
        }
    }

    private static void completeParameter(ObjectNode parameter, JsonNode limits) {
        ObjectNode schema = parameter.with("schema");
        String type = schema.path("type").asText("string");
        JsonNode defaultValue = schema.get("default");
        if (defaultValue != null && defaultValue.isTextual()) {
            switch (type) {
                case "integer" -> schema.put("default", Long.parseLong(defaultValue.asText()));
                case "boolean" -> schema.put("default", Boolean.parseBoolean(defaultValue.asText()));
                default -> { }
            }
        }
        if (type.equals("string") && !schema.has("enum")) {
            schema.put("maxLength", ApiParams.MAX_PARAMETER_CHARS);
        }
        JsonNode extra = limits.get(parameter.path("name").asText());
        if (extra != null) {
            schema.setAll((ObjectNode) extra);
        }
    }
}
