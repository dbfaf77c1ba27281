package dev.hoard.upstream.twap;

/** A TWAP ETL run in which some objects failed; its message names them and why. */
public final class TwapEtlException extends RuntimeException {

    public TwapEtlException(String message) {
        super(message);
    }
}
