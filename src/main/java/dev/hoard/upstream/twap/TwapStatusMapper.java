package dev.hoard.upstream.twap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.model.TwapStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps one TWAP record, as a JSON object, to a {@link TwapStatus}. It accepts the node's nested
 * form ({@code twap_id}, {@code time}, {@code state.coin/user/side/sz/executedSz/executedNtl/minutes/
 * reduceOnly/randomize/timestamp}, {@code status} as a string or {@code {"error": …}}) and flattened
 * variants ({@code state_coin}, {@code State_Coin}, {@code coin}, {@code TwapId}, {@code Block_Time}, …):
 * names are compared without case, dots, underscores or dashes.
 *
 * <p>{@code ts} is the event time ({@code time}, else {@code block_time}), else the TWAP's creation
 * {@code state.timestamp}. Every value without a column of its own stays in {@code raw_payload}:
 * unknown columns, the creation timestamp, and a status given as an object (an error's message).
 */
public final class TwapStatusMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> TWAP_ID = List.of("twapid");
    private static final List<String> WALLET = List.of("stateuser", "user", "wallet");
    private static final List<String> ASSET = List.of("statecoin", "coin", "asset");
    private static final List<String> SIDE = List.of("stateside", "side");
    private static final List<String> SIZE = List.of("statesz", "sz", "sizerequested");
    private static final List<String> EXECUTED_SIZE = List.of("stateexecutedsz", "executedsz", "sizeexecuted");
    private static final List<String> EXECUTED_NOTIONAL = List.of("stateexecutedntl", "executedntl", "notionalexecuted");
    private static final List<String> MINUTES = List.of("stateminutes", "minutes", "durationminutes");
    private static final List<String> REDUCE_ONLY = List.of("statereduceonly", "reduceonly");
    private static final List<String> RANDOMIZE = List.of("staterandomize", "randomize");
    private static final List<String> EVENT_TIME = List.of("time", "eventtime", "blocktime", "ts");
    private static final List<String> CREATED = List.of("statetimestamp", "timestamp");
    private static final List<String> STATUS_ERROR = List.of("statuserror");

    private TwapStatusMapper() {
    }

    /**
     * Checks a file's columns (dotted paths) before any row is read: without a TWAP id, a wallet and
     * a time, no row of it can be stored, and the whole object is rejected.
     */
    public static void requireColumns(Collection<String> columnPaths) {
        List<String> names = columnPaths.stream().map(TwapStatusMapper::normalize).toList();
        List<String> missing = new ArrayList<>();
        if (names.stream().noneMatch(TWAP_ID::contains)) {
            missing.add("twap_id");
        }
        if (names.stream().noneMatch(WALLET::contains)) {
            missing.add("state.user");
        }
        if (names.stream().noneMatch(n -> EVENT_TIME.contains(n) || CREATED.contains(n))) {
            missing.add("time");
        }
        if (!missing.isEmpty()) {
            throw new CorruptObjectException("no TWAP columns " + missing + " among " + columnPaths);
        }
    }

    /** The record as a TWAP status; IllegalArgumentException when a key value is missing or a value is malformed. */
    public static TwapStatus map(ObjectNode row) {
        Fields fields = new Fields(row);
        Long twapId = TwapValues.whole(fields.take(TWAP_ID));
        String wallet = TwapValues.text(fields.take(WALLET));
        JsonNode eventTime = fields.take(EVENT_TIME);
        Instant ts = eventTime != null ? TwapValues.time(eventTime) : TwapValues.time(fields.take(CREATED));
        if (twapId == null || wallet == null || ts == null) {
            throw new IllegalArgumentException("record lacks twap_id, user or time");
        }
        return new TwapStatus(twapId, wallet, ts,
                TwapValues.text(fields.take(ASSET)),
                TwapValues.text(fields.take(SIDE)),
                TwapValues.decimal(fields.take(SIZE)),
                TwapValues.decimal(fields.take(EXECUTED_SIZE)),
                TwapValues.decimal(fields.take(EXECUTED_NOTIONAL)),
                status(fields),
                TwapValues.integer(fields.take(MINUTES)),
                TwapValues.bool(fields.take(REDUCE_ONLY)),
                TwapValues.bool(fields.take(RANDOMIZE)),
                fields.rest());
    }

    /**
     * {@code "finished"} as given; {@code {"error": msg}} is {@code error}; the REST form
     * {@code {"status": s, "description": d}} is {@code s}. An object stays in raw_payload whole.
     */
    private static String status(Fields fields) {
        JsonNode status = fields.peek("status");
        if (status == null || status.isNull()) {
            return fields.peek(STATUS_ERROR) != null ? "error" : null;
        }
        if (status.isTextual() && status.asText().trim().startsWith("{")) {
            status = fields.replaceTopLevel("status", parseObject(status.asText()));
        }
        if (status.isObject()) {
            if (status.has("error")) {
                return "error";
            }
            return TwapValues.text(status.get("status"));
        }
        fields.take(List.of("status"));
        return TwapValues.text(status);
    }

    /** A status column holding an object as JSON text (one column cannot be a string and an object). */
    private static JsonNode parseObject(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON after all: a status word that happens to start with a brace
        }
        return JSON.getNodeFactory().textNode(text);
    }

    static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '.' && c != '_' && c != '-') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** The record's values by normalized dotted path; what is taken leaves raw_payload. */
    private static final class Fields {
        private final ObjectNode raw;
        private final Map<String, List<String>> paths = new HashMap<>();

        Fields(ObjectNode row) {
            this.raw = row.deepCopy();
            index(raw, new ArrayList<>());
        }

        private void index(ObjectNode node, List<String> prefix) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                List<String> path = new ArrayList<>(prefix);
                path.add(entry.getKey());
                paths.putIfAbsent(normalize(String.join("", path)), path);
                if (entry.getValue().isObject() && !normalize(entry.getKey()).equals("status")) {
                    index((ObjectNode) entry.getValue(), path);
                }
            }
        }

        JsonNode replaceTopLevel(String alias, JsonNode value) {
            List<String> path = paths.get(alias);
            raw.set(path.get(0), value);
            return value;
        }

        JsonNode peek(String alias) {
            return peek(List.of(alias));
        }

        JsonNode peek(List<String> aliases) {
            for (String alias : aliases) {
                List<String> path = paths.get(alias);
                if (path != null) {
                    return at(path);
                }
            }
            return null;
        }

        JsonNode take(List<String> aliases) {
            for (String alias : aliases) {
                List<String> path = paths.get(alias);
                if (path != null) {
                    JsonNode value = at(path);
                    remove(path);
                    return value;
                }
            }
            return null;
        }

        private JsonNode at(List<String> path) {
            JsonNode node = raw;
            for (String step : path) {
                node = node == null ? null : node.get(step);
            }
            return node;
        }

        private void remove(List<String> path) {
            JsonNode parent = at(path.subList(0, path.size() - 1));
            if (parent instanceof ObjectNode object) {
                object.remove(path.get(path.size() - 1));
                if (object.isEmpty() && path.size() > 1) {
                    remove(path.subList(0, path.size() - 1));
                }
            }
        }

        String rest() {
            if (raw.isEmpty()) {
                return null;
            }
            try {
                return JSON.writeValueAsString(raw);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
