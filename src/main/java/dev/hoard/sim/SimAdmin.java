package dev.hoard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.sim.SimFaults.Malformed;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /_sim} admin API described on {@link ExchangeSimulator}. */
final class SimAdmin {

    static final String PREFIX = "/_sim";

    private static final Logger LOG = LoggerFactory.getLogger(SimAdmin.class);
    private static final Set<String> FAULT_FIELDS = Set.of("status", "malformed", "count", "drop", "latencyMs");

    private final ObjectMapper mapper = new ObjectMapper();
    private final SimFaults faults;
    private final RequestCounter counter;

    SimAdmin(SimFaults faults, RequestCounter counter) {
        this.faults = faults;
        this.counter = counter;
    }

    SimResponse handle(String method, String path, String body) {
        String route = method + " " + path;
        try {
            return switch (route) {
                case "GET /_sim/faults" -> faultsResponse();
                case "POST /_sim/faults" -> addFaults(body);
                case "DELETE /_sim/faults" -> {
                    faults.clear();
                    LOG.info("Simulator faults cleared");
                    yield faultsResponse();
                }
                case "GET /_sim/stats" -> statsResponse();
                case "DELETE /_sim/stats" -> {
                    counter.reset();
                    yield statsResponse();
                }
                default -> SimResponse.text(404, "Unknown admin route: " + route);
            };
        } catch (BadRequest e) {
            return SimResponse.text(400, e.getMessage());
        }
    }

    private SimResponse addFaults(String body) {
        JsonNode request = parseObject(body);
        int count = nonNegativeInt(request, "count", 1);
        int drops = nonNegativeInt(request, "drop", 0);
        Duration latency = request.has("latencyMs") ? Duration.ofMillis(nonNegativeInt(request, "latencyMs", 0)) : null;
        int status = request.has("status") ? nonNegativeInt(request, "status", 0) : 0;
        if (request.has("status") && (status < 400 || status > 599)) {
            throw new BadRequest("status must be 400-599: " + status);
        }
        Malformed malformed = request.has("malformed") ? malformed(request.get("malformed")) : null;
        if (latency == null && !request.has("drop") && status == 0 && malformed == null) {
            throw new BadRequest("expected at least one of status, malformed, drop, latencyMs");
        }

        if (latency != null) {
            faults.latency(latency);
        }
        faults.dropNext(drops);
        if (status != 0) {
            faults.failNext(count, status);
        }
        if (malformed != null) {
            faults.malformedNext(count, malformed);
        }
        LOG.info("Simulator faults added: {}", body);
        return faultsResponse();
    }

    private JsonNode parseObject(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("body must be a JSON object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FAULT_FIELDS.contains(name)) {
                    throw new BadRequest("unknown field: " + name + " (expected " + FAULT_FIELDS + ")");
                }
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static int nonNegativeInt(JsonNode request, String field, int absent) {
        JsonNode value = request.get(field);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new BadRequest(field + " must be a non-negative integer: " + value);
        }
        return value.intValue();
    }

    private static Malformed malformed(JsonNode value) {
        try {
            return Malformed.valueOf(value.asText());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed must be one of " + Arrays.toString(Malformed.values()) + ": " + value);
        }
    }

    private SimResponse faultsResponse() {
        return SimResponse.json(200, write(faults.snapshot()));
    }

    private SimResponse statsResponse() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", counter.snapshot());
        stats.put("faults", faults.snapshot());
        return SimResponse.json(200, write(stats));
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
