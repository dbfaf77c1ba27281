package dev.hoard.sim;

import java.util.Map;

/**
 * One upstream request as a simulator module sees it.
 *
 * @param method HTTP method, upper case ({@code "POST"})
 * @param path   path below the module's prefix, always starting with {@code /} (e.g. {@code /info})
 * @param params query parameters (first value of each)
 * @param body   the request body as UTF-8 text, empty when there is none
 */
record SimRequest(String method, String path, Map<String, String> params, String body) {

    SimRequest {
        params = Map.copyOf(params);
    }
}
