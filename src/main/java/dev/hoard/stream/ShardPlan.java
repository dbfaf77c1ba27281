package dev.hoard.stream;

import java.util.List;

/**
 * One connection of a stream: where it connects and what it sends after every connect (its whole
 * subscription set, since upstreams keep no session state across reconnects).
 */
public record ShardPlan(String url, List<String> subscribeMessages, int subscriptions) {

    public ShardPlan {
        subscribeMessages = List.copyOf(subscribeMessages);
    }
}
