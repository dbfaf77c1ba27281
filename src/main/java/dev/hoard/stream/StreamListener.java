package dev.hoard.stream;

import java.time.Instant;
import java.util.List;

/**
 * What a connection reports, one call at a time, on its delivery thread, in the order things
 * happened on its socket. Frames come in batches of consecutive frames.
 */
interface StreamListener {

    void connected(int shard, int subscriptions);

    void disconnected(int shard, String reason);

    /** Consecutive frames; {@code receivedAt}: when the last of them arrived on the socket. */
    void frames(int shard, List<String> texts, Instant receivedAt);
}
