package dev.hoard.upstream;

/**
 * A request the upstream refused for rate reasons (429, or a 418 ban). The shared weight budget
 * already holds every request of that upstream until it may be sent again, so the caller sends it
 * again when the budget lets it; the route's error handler neither retries nor logs it as a failure.
 */
public final class RateLimitedException extends RuntimeException {

    private final int status;

    public RateLimitedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
