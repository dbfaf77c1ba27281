package dev.hoard.stream;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of a stream, deployed as a Vert.x verticle: every handler runs on its event loop,
 * one at a time, and hands what arrived to a {@link DeliveryQueue}, whose thread delivers it to the
 * listener in the same order. It holds at most one socket: a new one is only opened after the old
 * one is gone, and never while a connect is in flight.
 *
 * <p>On every connect it sends the shard's whole subscription set; it pings when it has sent
 * nothing for a while; a socket that has received nothing for the silence timeout is closed and
 * replaced; reconnects back off exponentially with jitter, reset by a successful connect.
 */
final class StreamConnection extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);
    private static final long WATCHDOG_PERIOD_MS = 250;

    private final String name;
    private final int shard;
    private final ShardPlan plan;
    private final StreamSettings settings;
    private final StreamListener listener;
    private final Clock clock;
    private final Clock receiveClock;

    private WebSocketClient client;
    private WebSocket socket;
    private boolean connecting;
    private boolean closing;
    private boolean stopping;
    private int failedAttempts;
    private long lastReceivedMs;
    private long lastSentMs;
    private long watchdogTimer = -1;
    private DeliveryQueue delivery;

    StreamConnection(String name, int shard, ShardPlan plan, StreamSettings settings, StreamListener listener,
                     Clock clock, Clock receiveClock) {
        this.receiveClock = receiveClock;
        this.name = name;
        this.shard = shard;
        this.plan = plan;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void start() {
        delivery = new DeliveryQueue(name, shard, listener,
                () -> context.runOnContext(v -> withSocket(WebSocket::pause)),
                () -> context.runOnContext(v -> withSocket(WebSocket::resume)), receiveClock);
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(8 << 20).setConnectTimeout(10_000)
                // a close handshake a dead peer never answers ends with the TCP connection after 1 s
                .setClosingTimeout(1));
        watchdogTimer = vertx.setPeriodic(WATCHDOG_PERIOD_MS, id -> watchdog());
        connect();
    }

    @Override
    public void stop() {
        stopping = true;
        if (watchdogTimer >= 0) {
            vertx.cancelTimer(watchdogTimer);
        }
        if (socket != null) {
            socket.close();
        }
        client.close();
        delivery.close();
    }

    private void withSocket(Consumer<WebSocket> action) {
        if (socket != null) {
            action.accept(socket);
        }
    }

    private void connect() {
        if (stopping || connecting || socket != null) {
            return;
        }
        connecting = true;
        URI uri = URI.create(plan.url());
        boolean tls = "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(uri.getHost()).setPort(port).setURI(path).setSsl(tls);
        client.connect(options).onComplete(result -> {
            connecting = false;
            if (result.failed()) {
                reconnectLater("connect failed: " + result.cause().getMessage());
            } else if (stopping) {
                result.result().close();
            } else {
                opened(result.result());
            }
        });
    }

    private void opened(WebSocket ws) {
        socket = ws;
        closing = false;
        failedAttempts = 0;
        lastReceivedMs = clock.millis();
        ws.textMessageHandler(text -> {
            lastReceivedMs = clock.millis();
            delivery.offerText(text);
        });
        // Vert.x answers the server's ping frames by itself (Binance pings every 3 minutes); those pings,
        // and pongs to ours, count as signs of life
        ws.pongHandler(pong -> lastReceivedMs = clock.millis());
        ws.frameHandler(frame -> {
            if (frame.isPing()) {
                lastReceivedMs = clock.millis();
            }
        });
        ws.exceptionHandler(error -> LOG.warn("{}[{}] socket error: {}", name, shard, error.getMessage()));
        ws.closeHandler(ignored -> closed(ws, "closed by " + (stopping ? "Hoard" : "the server")
                + (ws.closeStatusCode() == null ? "" : " (" + ws.closeStatusCode() + ")")));
        for (String message : plan.subscribeMessages()) {
            ws.writeTextMessage(message);
        }
        lastSentMs = clock.millis();
        delivery.offer(new DeliveryQueue.Connected(plan.subscriptions()));
    }

    private void closed(WebSocket ws, String reason) {
        if (ws != socket) {
            return;
        }
        socket = null;
        delivery.offer(new DeliveryQueue.Disconnected(reason));
        if (!stopping) {
            reconnectLater(reason);
        }
    }

    private void reconnectLater(String reason) {
        if (stopping) {
            return;
        }
        long base = Math.min(settings.reconnectMax().toMillis(),
                settings.reconnectInitial().toMillis() << Math.min(failedAttempts, 20));
        long delay = Math.max(1, Math.round(base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
        failedAttempts++;
        LOG.info("{}[{}] reconnecting in {} ms (attempt {}): {}", name, shard, delay, failedAttempts, reason);
        vertx.setTimer(delay, id -> connect());
    }

    private void watchdog() {
        WebSocket ws = socket;
        if (ws == null || stopping || closing) {
            return;
        }
        long now = clock.millis();
        if (now - lastReceivedMs > settings.silenceTimeout().toMillis()) {
            LOG.warn("{}[{}] silent for {} ms: replacing the socket", name, shard, now - lastReceivedMs);
            // the new socket opens only once this one is closed (closeHandler), so never two at once
            closing = true;
            ws.close((short) 1001, "silent");
            return;
        }
        if (settings.pingMessage() != null && now - lastSentMs >= settings.pingInterval().toMillis()) {
            ws.writeTextMessage(settings.pingMessage());
            lastSentMs = now;
        }
    }
}
