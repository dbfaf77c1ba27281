package dev.hoard.upstream.twap;

/**
 * An object whose content cannot be ingested (not parquet, truncated, no TWAP columns). It is not
 * retried within a run: the object is recorded with this error and tried again on the next run.
 */
public final class CorruptObjectException extends RuntimeException {

    public CorruptObjectException(String message) {
        super(message);
    }

    /** The underlying failure is kept as suppressed, not as the cause, so this message is the one reported. */
    public CorruptObjectException(String message, Throwable underlying) {
        super(message);
        addSuppressed(underlying);
    }
}
