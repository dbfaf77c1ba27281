package dev.hoard.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * In front of every route of the HTTP server: CORS for the configured origins, and, when an API key is
 * configured, a 401 for any request without it except the health endpoints. The key travels in
 * {@code X-API-Key} (or {@code Authorization: Bearer <key>}) and is compared in constant time: both
 * sides are hashed with SHA-256 and compared with {@link MessageDigest#isEqual}, so neither the
 * contents nor the length of the key leak through timing.
 */
public final class ApiGuard implements Handler<RoutingContext> {

    public static final String HEADER = "X-API-Key";
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/health/checks", "/healthz");

    private final byte[] keyDigest;
    private final Set<String> origins;

    public ApiGuard(String apiKey, String corsOrigins) {
        this.keyDigest = apiKey == null || apiKey.isBlank() ? null : sha256(apiKey.trim());
        this.origins = corsOrigins == null || corsOrigins.isBlank() ? Set.of()
                : Set.copyOf(Arrays.stream(corsOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    public boolean keyRequired() {
        return keyDigest != null;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean corsAllowed = origin != null && (origins.contains("*") || origins.contains(origin));
        if (corsAllowed) {
            context.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origins.contains("*") ? "*" : origin);
            context.response().putHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            if (request.method() == HttpMethod.OPTIONS && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
                context.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADER + ", Authorization, Content-Type")
                        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
                        .setStatusCode(204).end();
                return;
            }
        }
        if (keyDigest != null && !OPEN_PATHS.contains(context.normalizedPath()) && !authorized(request)) {
            context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"")
                    .end("{\"error\":\"missing or invalid API key\",\"detail\":{\"parameter\":\"" + HEADER + "\"}}");
            return;
        }
        context.next();
    }

    private boolean authorized(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        if (given == null) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                given = authorization.substring(7);
            }
        }
        return given != null && MessageDigest.isEqual(sha256(given.trim()), keyDigest);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paths that never need the key. */
    public static List<String> openPaths() {
        return List.copyOf(OPEN_PATHS);
    }
}
