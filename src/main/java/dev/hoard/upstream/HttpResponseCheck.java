package dev.hoard.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Checks an upstream answer fetched with {@code throwExceptionOnFailure=false}, keeping the source's
 * API key out of everything Hoard logs or stores. It removes the request headers (where the key
 * travels), redacts the key from the body, and turns a non-2xx status into an
 * {@link HttpOperationFailedException} whose URI and body carry {@value #REDACTED} instead of the
 * key, so the retry rules see the status and no log line, pulls row or dead letter ever sees the key.
 */
public final class HttpResponseCheck {

    public static final String REDACTED = "***";
    private static final int MAX_BODY_CHARS = 500;

    private final String secret;

    /** @param secret the source's key; empty or null when it has none */
    public HttpResponseCheck(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    public void check(Exchange exchange) throws HttpOperationFailedException {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        exchange.getMessage().removeHeaders("CamelHttp(Uri|Query|Path)");
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = redact(exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(body);
        if (status != null && (status < 200 || status > 299)) {
            String text = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_TEXT, "", String.class);
            String shortBody = body == null || body.length() <= MAX_BODY_CHARS ? body : body.substring(0, MAX_BODY_CHARS);
            throw new HttpOperationFailedException(redact(uri + (query == null ? "" : "?" + query)), status, text,
                    null, Map.of(), shortBody);
        }
    }

    /** {@code text} with every occurrence of the key (plain or URL-encoded) replaced by {@value #REDACTED}. */
    public String redact(String text) {
        if (text == null || secret == null) {
            return text;
        }
        return text.replace(secret, REDACTED).replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), REDACTED);
    }
}
