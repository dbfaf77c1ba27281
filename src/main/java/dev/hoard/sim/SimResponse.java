package dev.hoard.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP answer produced by a simulator module, with any extra response headers. */
record SimResponse(int status, String contentType, String body, Map<String, String> headers) {

    SimResponse {
        headers = Map.copyOf(headers);
    }

    SimResponse(int status, String contentType, String body) {
        this(status, contentType, body, Map.of());
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new SimResponse(status, contentType, body, all);
    }

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static SimResponse json(int status, String body) {
        return new SimResponse(status, JSON, body);
    }

    static SimResponse text(int status, String body) {
        return new SimResponse(status, TEXT, body);
    }
}
