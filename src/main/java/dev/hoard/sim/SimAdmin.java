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
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /_sim} admin API described on {@link ExchangeSimulator}. Runs on the simulator's event loop. */
final class SimAdmin {

    static final String PREFIX = "/_sim";

    private static final Logger LOG = LoggerFactory.getLogger(SimAdmin.class);
    private static final Set<String> FAULT_FIELDS = Set.of("status", "malformed", "count", "drop", "latencyMs");
    private static final Set<String> WS_FAULT_FIELDS = Set.of("drop", "silenceMs", "malformed", "malformedKind",
            "duplicate", "swap", "delayMs", "refuse", "refuseStatus");
    private static final Set<String> WS_CONFIG_FIELDS = Set.of("emitEveryMs", "idleCloseMs", "maxSubscriptions");
    private static final Set<String> WEIGHT_FIELDS = Set.of("limitPerMinute");

    private final ObjectMapper mapper = new ObjectMapper();
    private final SimFaults faults;
    private final RequestCounter counter;
    private final HyperliquidSim hyperliquid;
    private final BinanceSim binance;

    SimAdmin(SimFaults faults, RequestCounter counter, HyperliquidSim hyperliquid, BinanceSim binance) {
        this.faults = faults;
        this.counter = counter;
        this.hyperliquid = hyperliquid;
        this.binance = binance;
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
                case "GET /_sim/ws/faults" -> json(hyperliquid.ws().faults().snapshot());
                case "POST /_sim/ws/faults" -> addWsFaults(body);
                case "DELETE /_sim/ws/faults" -> {
                    hyperliquid.ws().faults().clear();
                    LOG.info("Simulator WebSocket faults cleared");
                    yield json(hyperliquid.ws().faults().snapshot());
                }
                case "GET /_sim/ws/stats" -> wsStatsResponse();
                case "DELETE /_sim/ws/stats" -> {
                    hyperliquid.ws().stats().reset();
                    yield wsStatsResponse();
                }
                case "GET /_sim/ws/config" -> wsConfigResponse();
                case "POST /_sim/ws/config" -> wsConfig(body);
                case "POST /_sim/ws/emit" -> json(Map.of("frames", hyperliquid.ws().emitQueued()));
                case "GET /_sim/hyperliquid/weight" -> weightResponse();
                case "POST /_sim/hyperliquid/weight" -> {
                    JsonNode request = parseObject(body, WEIGHT_FIELDS);
                    if (!request.has("limitPerMinute")) {
                        throw new BadRequest("expected limitPerMinute");
                    }
                    hyperliquid.weightLimitPerMinute(nonNegativeInt(request, "limitPerMinute", 0));
                    yield weightResponse();
                }
                case "DELETE /_sim/hyperliquid/weight" -> {
                    hyperliquid.resetWeight();
                    yield weightResponse();
                }
                case "GET /_sim/binance/weight" -> binanceWeight();
                case "POST /_sim/binance/weight" -> {
                    JsonNode request = parseObject(body, Set.of("limitPerMinute"));
                    if (!request.has("limitPerMinute")) {
                        throw new BadRequest("expected limitPerMinute");
                    }
                    binance.enforceWeightLimit(nonNegativeInt(request, "limitPerMinute", 0));
                    yield binanceWeight();
                }
                case "DELETE /_sim/binance/weight" -> {
                    binance.resetWeight();
                    yield binanceWeight();
                }
                case "POST /_sim/binance/ws/emit" -> json(Map.of("frames", binance.ws().emitOnLoop()));
                case "POST /_sim/binance/ws/ping" -> json(Map.of("pings", binance.ws().pingOnLoop()));
                case "POST /_sim/binance/ws/drop" -> json(Map.of("dropped", binance.ws().dropOnLoop()));
                case "POST /_sim/binance/ws/config" -> {
                    JsonNode request = parseObject(body, Set.of("emitEveryMs", "pingEveryMs"));
                    if (request.has("emitEveryMs")) {
                        binance.ws().emitEvery(java.time.Duration.ofMillis(nonNegativeInt(request, "emitEveryMs", 0)));
                    }
                    if (request.has("pingEveryMs")) {
                        binance.ws().pingEvery(java.time.Duration.ofMillis(nonNegativeInt(request, "pingEveryMs", 0)));
                    }
                    yield binanceWsStats();
                }
                case "GET /_sim/binance/ws/stats" -> binanceWsStats();
                default -> SimResponse.text(404, "Unknown admin route: " + route);
            };
        } catch (BadRequest e) {
            return SimResponse.text(400, e.getMessage());
        }
    }

    private SimResponse addFaults(String body) {
        JsonNode request = parseObject(body, FAULT_FIELDS);
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

    private SimResponse addWsFaults(String body) {
        JsonNode request = parseObject(body, WS_FAULT_FIELDS);
        if (request.isEmpty()) {
            throw new BadRequest("expected at least one of " + new TreeSet<>(WS_FAULT_FIELDS));
        }
        boolean drop = request.has("drop") && bool(request, "drop");
        Duration silence = request.has("silenceMs") ? Duration.ofMillis(nonNegativeInt(request, "silenceMs", 0)) : null;
        int malformed = nonNegativeInt(request, "malformed", 0);
        WsFaults.Malformed kind = WsFaults.Malformed.NOT_JSON;
        if (request.has("malformedKind")) {
            try {
                kind = WsFaults.Malformed.valueOf(request.get("malformedKind").asText());
            } catch (IllegalArgumentException e) {
                throw new BadRequest("malformedKind must be one of " + Arrays.toString(WsFaults.Malformed.values())
                        + ": " + request.get("malformedKind"));
            }
        }
        int duplicate = nonNegativeInt(request, "duplicate", 0);
        int swap = nonNegativeInt(request, "swap", 0);
        Duration delay = request.has("delayMs") ? Duration.ofMillis(nonNegativeInt(request, "delayMs", 0)) : null;
        int refuse = nonNegativeInt(request, "refuse", 0);
        int refuseStatus = nonNegativeInt(request, "refuseStatus", WsFaults.DEFAULT_REFUSAL_STATUS);
        if (refuseStatus < 400 || refuseStatus > 599) {
            throw new BadRequest("refuseStatus must be 400-599: " + refuseStatus);
        }

        WsFaults ws = hyperliquid.ws().faults();
        if (silence != null) {
            ws.silence(silence);
        }
        ws.malformedNext(malformed, kind).duplicateNext(duplicate).swapNext(swap).refuseConnections(refuse, refuseStatus);
        if (delay != null) {
            ws.delay(delay);
        }
        if (drop) {
            ws.dropAll();
        }
        LOG.info("Simulator WebSocket faults added: {}", body);
        return json(ws.snapshot());
    }

    private SimResponse wsConfig(String body) {
        JsonNode request = parseObject(body, WS_CONFIG_FIELDS);
        int emitEveryMs = nonNegativeInt(request, "emitEveryMs", -1);
        int idleCloseMs = nonNegativeInt(request, "idleCloseMs", -1);
        int maxSubscriptions = nonNegativeInt(request, "maxSubscriptions", -1);
        if (request.has("idleCloseMs") && idleCloseMs < 1) {
            throw new BadRequest("idleCloseMs must be positive");
        }
        if (request.has("maxSubscriptions") && maxSubscriptions < 1) {
            throw new BadRequest("maxSubscriptions must be positive");
        }
        HyperliquidWs ws = hyperliquid.ws();
        if (emitEveryMs >= 0) {
            ws.emitEvery(Duration.ofMillis(emitEveryMs));
        }
        if (idleCloseMs > 0) {
            ws.idleCloseAfter(Duration.ofMillis(idleCloseMs));
        }
        if (maxSubscriptions > 0) {
            ws.maxSubscriptions(maxSubscriptions);
        }
        return wsConfigResponse();
    }

    private SimResponse wsConfigResponse() {
        HyperliquidWs ws = hyperliquid.ws();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("emitEveryMs", ws.emitPeriod().toMillis());
        out.put("idleCloseMs", ws.idleCloseAfter().toMillis());
        out.put("maxSubscriptions", ws.maxSubscriptions());
        return json(out);
    }

    private SimResponse wsStatsResponse() {
        Map<String, Object> out = new LinkedHashMap<>(hyperliquid.ws().stats().snapshot());
        out.put("faults", hyperliquid.ws().faults().snapshot());
        return json(out);
    }

    private SimResponse binanceWeight() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("usedLastMinute", binance.weightUsedLastMinute());
        out.put("total", binance.weightTotal());
        out.put("rejected429", binance.limited429());
        out.put("rejected418", binance.limited418());
        return json(out);
    }

    private SimResponse binanceWsStats() {
        BinanceWs ws = binance.ws();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connectionsOpened", ws.connectionsOpened());
        out.put("openConnections", ws.openConnections());
        out.put("maxConcurrentConnections", ws.maxConcurrentConnections());
        out.put("streamsPerConnection", ws.streamsPerConnection());
        out.put("framesSent", ws.framesSent());
        out.put("pingsSent", ws.pingsSent());
        out.put("pongsReceived", ws.pongsReceived());
        out.put("dropped", ws.dropped());
        return json(out);
    }

    private SimResponse weightResponse() {
        WeightMeter meter = hyperliquid.weightMeter();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("usedLastMinute", meter.usedLastMinute());
        out.put("limitPerMinute", meter.limitPerMinute());
        out.put("total", meter.total());
        out.put("rejected", meter.rejected());
        return json(out);
    }

    private static boolean bool(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (!value.isBoolean()) {
            throw new BadRequest(field + " must be true or false: " + value);
        }
        return value.booleanValue();
    }

    private JsonNode parseObject(String body, Set<String> fields) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("body must be a JSON object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.contains(name)) {
                    throw new BadRequest("unknown field: " + name + " (expected " + new TreeSet<>(fields) + ")");
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

    private SimResponse json(Object value) {
        return SimResponse.json(200, write(value));
    }

    private SimResponse statsResponse() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", counter.snapshot());
        stats.put("faults", faults.snapshot());
        stats.put("hyperliquidWeightLastMinute", hyperliquid.weightUsedLastMinute());
        stats.put("ws", hyperliquid.ws().stats().snapshot());
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
