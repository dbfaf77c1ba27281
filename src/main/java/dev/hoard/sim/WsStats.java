package dev.hoard.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of the simulated Hyperliquid WebSocket, for tests and {@code GET /_sim/ws/stats}.
 * {@link #reset()} zeroes the counters; {@link #openConnections()} always tells the truth, and
 * {@link #maxConcurrentConnections()} restarts from it.
 */
public final class WsStats {

    private final LongAdder connectionsOpened = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final ConcurrentSkipListMap<Long, AtomicInteger> subscribes = new ConcurrentSkipListMap<>();
    private final LongAdder unsubscribes = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder dataFramesSent = new LongAdder();
    private final LongAdder framesSilenced = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** Handshakes accepted since the last reset. */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Sockets open right now. */
    public int openConnections() {
        return open.get();
    }

    /** The most sockets that were open at the same time (since the last reset). */
    public int maxConcurrentConnections() {
        return maxConcurrent.get();
    }

    /**
     * How many {@code "method":"subscribe"} messages each connection sent (valid or not), one entry per
     * connection in the order they were accepted (connections accepted before the last reset appear only once they
     * subscribe again).
     */
    public List<Integer> subscribeMessagesPerConnection() {
        List<Integer> out = new ArrayList<>();
        subscribes.values().forEach(count -> out.add(count.get()));
        return out;
    }

    public long subscribeMessages() {
        return subscribes.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    public long unsubscribeMessages() {
        return unsubscribes.sum();
    }

    /** {@code {"method":"ping"}} messages received. */
    public long pingsReceived() {
        return pings.sum();
    }

    /** Text messages received from clients, of any kind. */
    public long messagesReceived() {
        return messages.sum();
    }

    /** Text frames written: greetings, acks, errors, pongs and data. */
    public long framesSent() {
        return framesSent.sum();
    }

    /** Candle and activeAssetCtx frames written (duplicates and bulk frames included). */
    public long dataFramesSent() {
        return dataFramesSent.sum();
    }

    /** Frames discarded because their socket was {@link WsFaults#silence silenced}. */
    public long framesSilenced() {
        return framesSilenced.sum();
    }

    /** Sockets the server closed under the idle rule. */
    public long idleClosed() {
        return idleClosed.sum();
    }

    /** Sockets closed by {@link WsFaults#dropAll()}. */
    public long dropped() {
        return dropped.sum();
    }

    /** Handshakes rejected by {@link WsFaults#refuseConnections}. */
    public long refused() {
        return refused.sum();
    }

    public void reset() {
        connectionsOpened.reset();
        maxConcurrent.set(open.get());
        subscribes.clear();
        unsubscribes.reset();
        pings.reset();
        messages.reset();
        framesSent.reset();
        dataFramesSent.reset();
        framesSilenced.reset();
        idleClosed.reset();
        dropped.reset();
        refused.reset();
    }

    void opened(long connectionId) {
        connectionsOpened.increment();
        int now = open.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        subscribes.put(connectionId, new AtomicInteger());
    }

    void closed() {
        open.decrementAndGet();
    }

    void allClosed() {
        open.set(0);
    }

    void subscribe(long connectionId) {
        subscribes.computeIfAbsent(connectionId, id -> new AtomicInteger()).incrementAndGet();
    }

    void unsubscribe() {
        unsubscribes.increment();
    }

    void ping() {
        pings.increment();
    }

    void message() {
        messages.increment();
    }

    void sent(boolean data) {
        framesSent.increment();
        if (data) {
            dataFramesSent.increment();
        }
    }

    void silenced() {
        framesSilenced.increment();
    }

    void idleClose() {
        idleClosed.increment();
    }

    void drop() {
        dropped.increment();
    }

    void refuse() {
        refused.increment();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connectionsOpened", connectionsOpened());
        out.put("openConnections", openConnections());
        out.put("maxConcurrentConnections", maxConcurrentConnections());
        out.put("subscribeMessagesPerConnection", subscribeMessagesPerConnection());
        out.put("unsubscribeMessages", unsubscribeMessages());
        out.put("pingsReceived", pingsReceived());
        out.put("messagesReceived", messagesReceived());
        out.put("framesSent", framesSent());
        out.put("dataFramesSent", dataFramesSent());
        out.put("framesSilenced", framesSilenced());
        out.put("idleClosed", idleClosed());
        out.put("dropped", dropped());
        out.put("refused", refused());
        return out;
    }
}
