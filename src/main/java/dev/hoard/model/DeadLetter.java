package dev.hoard.model;

/** An upstream payload, or part of one, that could not be understood, with the reason why. */
public record DeadLetter(String source, String reason, String payload) {

    /** Longest payload kept; the rest is cut, and the cut is marked. */
    public static final int MAX_PAYLOAD_CHARS = 65_536;

    public DeadLetter {
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            payload = payload.substring(0, MAX_PAYLOAD_CHARS) + "…[truncated " + payload.length() + " chars]";
        }
    }
}
