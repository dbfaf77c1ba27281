package dev.hoard.stream;

/** What a connection reports, one call at a time and in the order things happened on its socket. */
interface StreamListener {

    void connected(int shard, int subscriptions);

    void disconnected(int shard, String reason);

    void frame(int shard, String text);
}
