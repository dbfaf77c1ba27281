package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A blocking java.net.http WebSocket client for the simulator's tests: every text message lands in a queue. */
final class WsTestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** Texts received, in order. */
    final LinkedBlockingQueue<String> messages;
    /** Completes with the close code (1006 for an abnormal close or error) when the socket ends. */
    final CompletableFuture<Integer> closed;
    private final WebSocket socket;

    private WsTestClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.messages = listener.messages;
        this.closed = listener.closed;
    }

    /** Connects and consumes the greeting. */
    static WsTestClient connect(ExchangeSimulator sim) {
        WsTestClient client = open(sim);
        assertThat(client.next()).isEqualTo(HyperliquidWs.GREETING);
        return client;
    }

    /** Connects without reading anything. */
    static WsTestClient open(ExchangeSimulator sim) {
        try {
            return handshake(sim).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("WebSocket connect failed", e);
        }
    }

    static CompletableFuture<WsTestClient> handshake(ExchangeSimulator sim) {
        Listener listener = new Listener();
        return HTTP.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create(sim.hyperliquidWsUrl()), listener)
                .thenApply(ws -> new WsTestClient(ws, listener));
    }

    void send(String text) {
        try {
            socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    void subscribeCandle(String coin, String interval) {
        send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"candle\",\"coin\":\"" + coin
                + "\",\"interval\":\"" + interval + "\"}}");
    }

    void subscribeCtx(String coin) {
        send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"activeAssetCtx\",\"coin\":\"" + coin + "\"}}");
    }

    /** The next text, or an assertion failure after {@link #TIMEOUT}. */
    String next() {
        try {
            String message = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within " + TIMEOUT).isNotNull();
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode nextJson() {
        try {
            return SimClient.MAPPER.readTree(next());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the socket to end and returns its close code. */
    int awaitClosed() {
        try {
            return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("socket did not close", e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
