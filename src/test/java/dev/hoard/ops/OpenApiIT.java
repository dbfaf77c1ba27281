package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.model.CandleInterval;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /openapi.json as tools read it: the Java OpenAPI parser and the npm @apidevtools/swagger-parser
 * (Swagger UI's) accept it; every parameter the code reads is declared, and every declared one read;
 * every response has a description and a schema, and the bodies the server sends match them.
 */
class OpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Valid values for path parameters and required query parameters. */
    private static final Map<String, String> VALID = Map.of("exchange", "hyperliquid", "coin", "BTC", "quote", "USD",
            "market_type", "perps", "interval", "1m", "twap_id", "1", "file", "swagger-ui.css", "wallet", "0xabc",
            "metric", "TVL");
    private static HoardHarness hoard;
    private static String text;
    private static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().clock(Clock.fixed(Instant.parse("2026-03-04T10:17:30Z"), ZoneOffset.UTC)).start();
        assertThat(hoard.takeSnapshot().getException()).isNull();
        HttpResponse<String> response = get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        text = response.body();
        document = JSON.readTree(text);
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theJavaOpenApiParserAcceptsTheDocument() {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, null);
        assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(result.getOpenAPI().getPaths()).hasSizeGreaterThan(20);
    }

    @Test
    void theNpmSwaggerParserAcceptsTheDocument() throws Exception {
        Path validator = Path.of(".ci", "openapi", "validate.mjs");
        boolean installed = Files.isDirectory(Path.of(".ci", "openapi", "node_modules", "@apidevtools", "swagger-parser"));
        if (!installed) {
            if (System.getenv("CI") != null) {
                fail(".ci/openapi is not installed: .ci/run runs npm ci --prefix .ci/openapi");
            }
            Assumptions.abort("run npm ci --prefix .ci/openapi to check with @apidevtools/swagger-parser");
        }
        Path file = Path.of("target", "openapi.json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Process node = new ProcessBuilder("node", validator.toString(), file.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node exited").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).startsWith("valid: Hoard");
    }

    @Test
    void serverSecurityAndLimitsAreDeclared() {
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("/");
        assertThat(document.at("/components/securitySchemes/apiKey/type").asText()).isEqualTo("apiKey");
        assertThat(document.at("/components/securitySchemes/apiKey/in").asText()).isEqualTo("header");
        assertThat(document.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo(ApiGuard.HEADER);
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security").toString()).contains("apiKey", "bearer");
        for (String open : ApiGuard.openPaths()) {
            assertThat(document.at("/paths/" + open.replace("/", "~1") + "/get/security").isEmpty())
                    .as("%s needs no key", open).isTrue();
        }

        JsonNode candles = document.at("/paths/~1candles~1{exchange}~1{coin}~1{quote}~1{market_type}~1{interval}/get");
        JsonNode limit = parameter(candles, "limit").get("schema");
        assertThat(limit.get("type").asText()).isEqualTo("integer");
        assertThat(limit.get("minimum").asInt()).isEqualTo(1);
        assertThat(limit.get("maximum").asInt()).isEqualTo(5000);
        assertThat(limit.get("default").isInt()).isTrue();
        assertThat(limit.get("default").asInt()).isEqualTo(500);
        assertThat(parameter(candles, "limit").get("required").asBoolean()).isFalse();
        assertThat(parameter(candles, "order").at("/schema/default").asText()).isEqualTo("asc");
        assertThat(parameter(candles, "start_time").at("/schema/maxLength").asInt()).isEqualTo(200);
        List<String> codes = Arrays.stream(CandleInterval.values()).map(CandleInterval::code).toList();
        forEachOperation((path, method, operation) -> {
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.get("name").asText().equals("interval")) {
                    List<String> intervals = new ArrayList<>();
                    parameter.at("/schema/enum").forEach(v -> intervals.add(v.asText()));
                    assertThat(intervals).as("%s intervals", path).containsExactlyElementsOf(codes);
                }
            }
        });

        JsonNode export = document.at("/paths/~1export~1funding~1{exchange}~1{coin}~1{quote}~1{market_type}/get");
        assertThat(parameter(export, "format").get("required").asBoolean()).as("format is optional").isFalse();
        assertThat(parameter(export, "format").at("/schema/default").asText()).isEqualTo("csv");
        assertThat(parameter(document.at("/paths/~1api~1v1~1twaps/get"), "latest_per_twap").at("/schema/default").isBoolean())
                .isTrue();
    }

    @Test
    void everyResponseHasADescriptionAndASchemaAndErrorsAreTheErrorShape() {
        forEachOperation((path, method, operation) -> {
            JsonNode responses = operation.get("responses");
            assertThat(responses.has("default")).as("%s %s has no empty default", method, path).isFalse();
            assertThat(responses.has("200")).as("%s %s declares 200", method, path).isTrue();
            assertThat(responses.has("500") && responses.has("503")).as("%s %s declares 500 and 503", method, path).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> codes = responses.fields(); codes.hasNext(); ) {
                Map.Entry<String, JsonNode> code = codes.next();
                JsonNode response = resolve(code.getValue());
                String where = method + " " + path + " " + code.getKey();
                assertThat(response.path("description").asText()).as(where).isNotBlank();
                assertThat(response.path("content").size()).as("%s has content", where).isPositive();
                if (code.getKey().startsWith("4")) {
                    assertThat(response.at("/content/application~1json/schema/$ref").asText()).as(where)
                            .isEqualTo("#/components/schemas/Error");
                }
            }
        });
    }

    @Test
    void theBodiesTheServerSendsMatchTheirSchemas() throws Exception {
        SchemaCheck check = new SchemaCheck(document);
        List<String> checked = new ArrayList<>();
        forEachOperation((path, method, operation) -> {
            boolean json = operation.at("/responses/200/content").has("application/json");
            if (!method.equals("get") || !json) {
                return;
            }
            String url = fill(path, operation);
            HttpResponse<String> response = get(url);
            JsonNode declared = resolve(operation.at("/responses/" + response.statusCode()));
            assertThat(declared.isMissingNode()).as("GET %s answered an undeclared %d", url, response.statusCode()).isFalse();
            JsonNode schema = declared.at("/content/application~1json/schema");
            assertThat(check.problems(JSON.readTree(response.body()), schema)).as("GET %s: %s", url, response.body()).isEmpty();
            checked.add(url);
        });
        assertThat(checked).hasSizeGreaterThan(12).contains("/funding/hyperliquid/BTC/USD/perps", "/health");
        JsonNode funding = JSON.readTree(get("/funding/hyperliquid/BTC/USD/perps").body());
        assertThat(funding.get("count").asInt()).as("the snapshot's row was checked").isPositive();

        JsonNode error = resolve(document.at("/components/schemas/Error"));
        for (String bad : List.of("/candles/hyperliquid/BTC/USD/perps/7m", "/funding/hyperliquid/NOPE/USD/perps",
                "/funding/hyperliquid/BTC/USD/perps?limit=0", "/nope", "/api/v1/twaps")) {
            HttpResponse<String> response = get(bad);
            assertThat(response.statusCode()).as(bad).isBetween(400, 499);
            assertThat(check.problems(JSON.readTree(response.body()), error)).as("%s: %s", bad, response.body()).isEmpty();
        }
    }

    @Test
    void everyParameterTheCodeReadsIsDeclaredAndEveryDeclaredOneIsRead() throws Exception {
        Map<String, String> routes = new java.util.HashMap<>();
        for (RestDefinition rest : ((ModelCamelContext) hoard.context()).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                routes.put(verb.getId(), verb.getTo().getUri().replaceFirst("^direct:", ""));
            }
        }
        List<String> operations = new ArrayList<>();
        forEachOperation((path, method, operation) -> {
            String id = operation.get("operationId").asText();
            Set<String> declared = new TreeSet<>();
            operation.path("parameters").forEach(p -> declared.add(p.get("name").asText()));

            ReadRecordingMessage message = new ReadRecordingMessage(hoard.context());
            for (JsonNode parameter : operation.path("parameters")) {
                String name = parameter.get("name").asText();
                if (parameter.get("in").asText().equals("path") || parameter.path("required").asBoolean()) {
                    message.setHeader(name, VALID.get(name));
                }
            }
            Exchange exchange = new DefaultExchange(hoard.context());
            exchange.setIn(message);
            hoard.context().getRoute(routes.get(id)).getConsumer().getProcessor().process(exchange);

            assertThat(message.read).as("%s %s (%s) reads only declared parameters", method, path, id)
                    .isSubsetOf(declared);
            assertThat(declared).as("%s %s (%s) declares only parameters it reads", method, path, id)
                    .isSubsetOf(message.read);
            operations.add(id);
        });
        assertThat(operations).contains("get-candles", "get-twaps", "get-metrics-data-latest", "get-export-merged",
                "get-docs-asset", "get-verify");
    }

    /** A message that notes each header Hoard's own code (not Camel's) asks for. */
    static final class ReadRecordingMessage extends DefaultMessage {
        final Set<String> read = new LinkedHashSet<>();

        ReadRecordingMessage(org.apache.camel.CamelContext context) {
            super(context);
        }

        private void note(String name) {
            boolean fromHoard = StackWalker.getInstance().walk(frames -> frames.skip(2).findFirst())
                    .map(frame -> frame.getClassName().startsWith("dev.hoard.")).orElse(false);
            if (fromHoard) {
                read.add(name);
            }
        }

        @Override
        public Object getHeader(String name) {
            note(name);
            return super.getHeader(name);
        }

        @Override
        public <T> T getHeader(String name, Class<T> type) {
            note(name);
            return super.getHeader(name, type);
        }
    }

    @FunctionalInterface
    interface OperationCheck {
        void check(String path, String method, JsonNode operation) throws Exception;
    }

    private static void forEachOperation(OperationCheck check) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                try {
                    check.check(path.getKey(), method.getKey(), method.getValue());
                } catch (Exception e) {
                    throw new AssertionError(method.getKey() + " " + path.getKey() + ": " + e, e);
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.get("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation.get("operationId"));
    }

    /** The path with valid path parameters and the required query parameters. */
    private static String fill(String template, JsonNode operation) {
        String path = template;
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.get("name").asText();
            if (parameter.get("in").asText().equals("path")) {
                path = path.replace("{" + name + "}", VALID.get(name));
            } else if (parameter.path("required").asBoolean()) {
                query.add(name + "=" + VALID.get(name));
            }
        }
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }
}
