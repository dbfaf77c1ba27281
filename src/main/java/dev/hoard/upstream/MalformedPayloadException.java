package dev.hoard.upstream;

/**
 * An upstream answered something Hoard cannot trust as a whole (not JSON, a truncated body, arrays
 * that do not line up). Not retried: the payload is dead-lettered with this reason and nothing of it
 * is stored.
 */
public class MalformedPayloadException extends RuntimeException {

    private final String source;
    private final String payload;

    public MalformedPayloadException(String source, String reason, String payload) {
        super(reason);
        this.source = source;
        this.payload = payload;
    }

    public String source() {
        return source;
    }

    public String payload() {
        return payload;
    }
}
