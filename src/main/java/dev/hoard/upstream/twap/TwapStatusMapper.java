package dev.hoard.upstream.twap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.model.TwapStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps TWAP records, as JSON objects, to {@link TwapStatus}es. It accepts the node's nested form
 * ({@code twap_id}, {@code time}, {@code state.coin/user/side/sz/executedSz/executedNtl/minutes/
 * reduceOnly/randomize/timestamp}, {@code status} as a string or {@code {"error": …}}) and flattened
 * variants ({@code state_coin}, {@code State_Coin}, {@code coin}, {@code TwapId}, {@code Block_Time}, …):
 * names are compared without case, dots, underscores or dashes. Which column is which is resolved
 * once per file, from its columns.
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

    private final List<String> twapId;
    private final List<String> wallet;
    private final List<String> asset;
    private final List<String> side;
    private final List<String> size;
    private final List<String> executedSize;
    private final List<String> executedNotional;
    private final List<String> minutes;
    private final List<String> reduceOnly;
    private final List<String> randomize;
    private final List<String> eventTime;
    private final List<String> created;
    private final List<String> status;
    private final List<String> statusError;

    private TwapStatusMapper(Collection<List<String>> columns) {
        twapId = find(columns, TWAP_ID);
        wallet = find(columns, WALLET);
        asset = find(columns, ASSET);
        side = find(columns, SIDE);
        size = find(columns, SIZE);
        executedSize = find(columns, EXECUTED_SIZE);
        executedNotional = find(columns, EXECUTED_NOTIONAL);
        minutes = find(columns, MINUTES);
        reduceOnly = find(columns, REDUCE_ONLY);
        randomize = find(columns, RANDOMIZE);
        eventTime = find(columns, EVENT_TIME);
        created = find(columns, CREATED);
        statusError = find(columns, STATUS_ERROR);
        status = columns.stream().anyMatch(c -> normalize(c.get(0)).equals("status"))
                ? List.of(columns.stream().filter(c -> normalize(c.get(0)).equals("status")).findFirst().get().get(0))
                : null;
    }

    /**
     * The mapping of a file with these columns (paths of names); a file without a TWAP id, a wallet
     * and a time cannot give a single row, and is rejected whole.
     */
    public static TwapStatusMapper forColumns(Collection<List<String>> columns) {
        TwapStatusMapper mapper = new TwapStatusMapper(columns);
        List<String> missing = new ArrayList<>();
        if (mapper.twapId == null) {
            missing.add("twap_id");
        }
        if (mapper.wallet == null) {
            missing.add("state.user");
        }
        if (mapper.eventTime == null && mapper.created == null) {
            missing.add("time");
        }
        if (!missing.isEmpty()) {
            throw new CorruptObjectException("no TWAP columns " + missing + " among "
                    + columns.stream().map(c -> String.join(".", c)).toList());
        }
        return mapper;
    }

    /** One record on its own, its columns read from the record itself. */
    public static TwapStatus map(ObjectNode row) {
        List<List<String>> columns = new ArrayList<>();
        leaves(row, new ArrayList<>(), columns);
        return new TwapStatusMapper(columns).apply(row);
    }

    private static void leaves(ObjectNode node, List<String> prefix, List<List<String>> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> path = new ArrayList<>(prefix);
            path.add(field.getKey());
            if (field.getValue().isObject() && !(prefix.isEmpty() && normalize(field.getKey()).equals("status"))) {
                leaves((ObjectNode) field.getValue(), path, out);
            } else {
                out.add(path);
            }
        }
    }

    /**
     * The record as a TWAP status; IllegalArgumentException (or ArithmeticException) when a key value
     * is missing or a value is malformed. The record is consumed: what is left of it is raw_payload.
     */
    public TwapStatus apply(ObjectNode row) {
        List<List<String>> taken = new ArrayList<>(12);
        Long id = TwapValues.whole(take(row, twapId, taken));
        String user = TwapValues.text(take(row, wallet, taken));
        JsonNode event = at(row, eventTime);
        Instant ts = event != null && !event.isNull()
                ? TwapValues.time(take(row, eventTime, taken)) : TwapValues.time(take(row, created, taken));
        if (id == null || user == null || ts == null) {
            throw new IllegalArgumentException("record lacks twap_id, user or time");
        }
        String coin = TwapValues.text(take(row, asset, taken));
        String direction = TwapValues.text(take(row, side, taken));
        BigDecimal requested = TwapValues.decimal(take(row, size, taken));
        BigDecimal executed = TwapValues.decimal(take(row, executedSize, taken));
        BigDecimal notional = TwapValues.decimal(take(row, executedNotional, taken));
        String state = status(row, taken);
        Integer duration = TwapValues.integer(take(row, minutes, taken));
        Boolean reduce = TwapValues.bool(take(row, reduceOnly, taken));
        Boolean random = TwapValues.bool(take(row, randomize, taken));
        for (List<String> path : taken) {
            remove(row, path);
        }
        return new TwapStatus(id, user, ts, coin, direction, requested, executed, notional, state, duration, reduce,
                random, rest(row));
    }

    /**
     * {@code "finished"} as given; {@code {"error": msg}} (an object, or its JSON text) is {@code error};
     * the REST form {@code {"status": s, "description": d}} is {@code s}. An object stays in raw_payload.
     */
    private String status(ObjectNode row, List<List<String>> taken) {
        JsonNode value = at(row, status);
        if (value == null || value.isNull()) {
            JsonNode error = at(row, statusError);
            return error != null && !error.isNull() ? "error" : null;
        }
        if (value.isTextual() && value.asText().trim().startsWith("{")) {
            JsonNode parsed = parseObject(value.asText());
            if (parsed != null) {
                row.set(status.get(0), parsed);
                value = parsed;
            }
        }
        if (value.isObject()) {
            return value.has("error") ? "error" : TwapValues.text(value.get("status"));
        }
        taken.add(status);
        return TwapValues.text(value);
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed.isObject() ? parsed : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode take(ObjectNode row, List<String> path, List<List<String>> taken) {
        JsonNode value = at(row, path);
        if (value != null) {
            taken.add(path);
        }
        return value;
    }

    private static JsonNode at(JsonNode row, List<String> path) {
        if (path == null) {
            return null;
        }
        JsonNode node = row;
        for (int i = 0; i < path.size() && node != null; i++) {
            node = node.get(path.get(i));
        }
        return node;
    }

    private static void remove(ObjectNode row, List<String> path) {
        JsonNode parent = at(row, path.subList(0, path.size() - 1));
        if (parent instanceof ObjectNode object) {
            object.remove(path.get(path.size() - 1));
            if (object.isEmpty() && path.size() > 1) {
                remove(row, path.subList(0, path.size() - 1));
            }
        }
    }

    private static String rest(ObjectNode row) {
        if (row.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> find(Collection<List<String>> columns, List<String> aliases) {
        for (String alias : aliases) {
            for (List<String> column : columns) {
                if (normalize(String.join("", column)).equals(alias)) {
                    return column;
                }
            }
        }
        return null;
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
}
