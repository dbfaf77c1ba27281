package dev.hoard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoard.sim.HyperliquidGroundTruth.Candle;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated Hyperliquid WebSocket: protocol, emission, idle rule, faults and stats. */
class HyperliquidWsTest {

    private static final Instant T0 = Instant.parse("2025-03-14T12:34:30Z");
    private static final Instant LATER = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> CTX_FIELDS = List.of("funding", "openInterest", "prevDayPx", "dayNtlVlm",
            "premium", "oraclePx", "markPx", "midPx", "impactPxs", "dayBaseVlm");
    private static final String BTC_1M_ECHO = "{\"type\":\"candle\",\"interval\":\"1m\",\"coin\":\"BTC\"}";

    private static ExchangeSimulator sim;
    private static HyperliquidWs ws;
    private static HyperliquidGroundTruth truth;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        sim = new ExchangeSimulator(0).start();
        ws = sim.hyperliquid().ws();
        truth = sim.hyperliquid().groundTruth();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        ws.reset();
        pin(T0);
    }

    @AfterEach
    void closeClients() {
        ws.reset();
        clients.forEach(WsTestClient::close);
        await().atMost(5, TimeUnit.SECONDS).until(() -> ws.stats().openConnections() == 0);
    }

    // ------------------------------------------------------------------ protocol

    @Test
    void theGreetingIsThePlainTextFirstFrame() {
        WsTestClient client = track(WsTestClient.open(sim));
        assertThat(client.next()).isEqualTo("Websocket connection established.");
        assertThat(ws.stats().connectionsOpened()).isEqualTo(1);
        assertThat(ws.stats().openConnections()).isEqualTo(1);
    }

    @Test
    void acksEchoTheSubscriptionInTheServersKeyOrder() {
        WsTestClient client = connect();

        client.subscribeCandle("BTC", "1m");
        assertThat(client.next()).isEqualTo(
                "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\",\"subscription\":"
                        + BTC_1M_ECHO + "}}");
        client.send("{\"subscription\":{\"coin\":\"ETH\",\"type\":\"activeAssetCtx\"},\"method\":\"subscribe\"}");
        assertThat(client.next()).isEqualTo(
                "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"subscribe\",\"subscription\":"
                        + "{\"type\":\"activeAssetCtx\",\"coin\":\"ETH\"}}}");
        assertThat(ws.subscriptions()).containsExactly(
                List.of(BTC_1M_ECHO, "{\"type\":\"activeAssetCtx\",\"coin\":\"ETH\"}"));

        client.subscribeCandle("BTC", "1m");
        assertThat(client.nextJson()).isEqualTo(json("{\"channel\":\"error\",\"data\":\"Already subscribed: "
                + BTC_1M_ECHO.replace("\"", "\\\"") + "\"}"));

        client.send("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"candle\",\"coin\":\"BTC\","
                + "\"interval\":\"1m\"}}");
        assertThat(client.next()).isEqualTo(
                "{\"channel\":\"subscriptionResponse\",\"data\":{\"method\":\"unsubscribe\",\"subscription\":"
                        + BTC_1M_ECHO + "}}");
        client.send("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"candle\",\"coin\":\"BTC\","
                + "\"interval\":\"1m\"}}");
        assertThat(client.nextJson().get("data").asText()).isEqualTo("Already unsubscribed: " + BTC_1M_ECHO);
        assertThat(ws.stats().subscribeMessagesPerConnection()).containsExactly(3);
        assertThat(ws.stats().unsubscribeMessages()).isEqualTo(2);
    }

    @Test
    void badRequestsGetErrorFrames() {
        WsTestClient client = connect();

        client.send("not json");
        assertThat(client.next()).isEqualTo(
                "{\"channel\":\"error\",\"data\":\"Error parsing JSON into valid websocket request: not json\"}");
        String badInterval = "{\"method\":\"subscribe\",\"subscription\":{\"type\":\"candle\",\"coin\":\"BTC\","
                + "\"interval\":\"2d\"}}";
        client.send(badInterval);
        assertThat(client.nextJson().get("data").asText()).isEqualTo(HyperliquidWs.PARSE_ERROR + badInterval);
        client.send("{\"method\":\"subscribe\",\"subscription\":{\"type\":\"webData2\",\"user\":\"0x0\"}}");
        assertThat(client.nextJson().get("data").asText()).startsWith(HyperliquidWs.PARSE_ERROR);
        client.send("{\"method\":\"subscribe\"}");
        assertThat(client.nextJson().get("channel").asText()).isEqualTo("error");
        client.send("{\"method\":\"dance\"}");
        assertThat(client.nextJson().get("channel").asText()).isEqualTo("error");
        client.subscribeCandle("NOPE", "1m");
        assertThat(client.nextJson().get("data").asText())
                .isEqualTo("Invalid subscription: {\"type\":\"candle\",\"interval\":\"1m\",\"coin\":\"NOPE\"}");
        assertThat(ws.subscriptions()).containsExactly(List.of());
    }

    @Test
    void pingGetsPong() {
        WsTestClient client = connect();
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo("{\"channel\":\"pong\"}");
        assertThat(ws.stats().pingsReceived()).isEqualTo(1);
    }

    @Test
    void aPlainHttpRequestToTheSocketPathIsRejected() throws IOException {
        HttpResponse<String> response = new SimClient(sim).get("/hyperliquid/ws");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sim.hyperliquidWsUrl()).isEqualTo("ws://127.0.0.1:" + sim.port() + "/hyperliquid/ws");
    }

    // ------------------------------------------------------------------ emission

    @Test
    void candleFramesCarryTheGroundTruthAsOfTheClock() {
        WsTestClient client = subscribedTo("BTC", "1m");
        Instant minute = Instant.parse("2025-03-14T12:34:00Z");

        assertThat(ws.emitNow()).isEqualTo(1);
        JsonNode first = client.nextJson();
        assertThat(first.get("channel").asText()).isEqualTo("candle");
        assertThat(first.get("data").isObject()).isTrue();
        assertThat(first.get("data").get("t").asLong()).isEqualTo(minute.toEpochMilli());
        assertThat(first.get("data").get("T").asLong()).isEqualTo(minute.toEpochMilli() + 59_999);
        assertThat(first).isEqualTo(json(HyperliquidJson.wsCandle(truth.candle("BTC", "1m", minute, T0), false)));

        pin(T0.plusSeconds(25));
        ws.emitNow();
        JsonNode grown = client.nextJson();
        assertThat(grown).isEqualTo(
                json(HyperliquidJson.wsCandle(truth.candle("BTC", "1m", minute, T0.plusSeconds(25)), false)));
        assertThat(grown.get("data").get("n").asLong()).isGreaterThan(first.get("data").get("n").asLong());
    }

    @Test
    void crossingABoundarySendsTheFinalValuesOfThePreviousCandleFirst() {
        WsTestClient client = subscribedTo("ETH", "1m");
        Instant first = Instant.parse("2025-03-14T12:34:00Z");
        Instant second = Instant.parse("2025-03-14T12:35:00Z");
        ws.emitNow();
        Candle partial = candleOf(client.nextJson());
        assertThat(partial).isEqualTo(truth.candle("ETH", "1m", first, T0));

        pin(Instant.parse("2025-03-14T12:35:05Z"));
        assertThat(ws.emitNow()).isEqualTo(2);
        Candle closing = candleOf(client.nextJson());
        Candle opening = candleOf(client.nextJson());
        assertThat(closing).isEqualTo(truth.candle("ETH", "1m", first, LATER)).isNotEqualTo(partial);
        assertThat(opening).isEqualTo(truth.candle("ETH", "1m", second, Instant.parse("2025-03-14T12:35:05Z")));

        pin(Instant.parse("2025-03-14T12:35:40Z"));
        assertThat(ws.emitNow()).isEqualTo(1);
        assertThat(candleOf(client.nextJson()).t()).isEqualTo(second.toEpochMilli());
    }

    @Test
    void activeAssetCtxFramesHoldTheContextUnderCtx() {
        WsTestClient client = connect();
        client.subscribeCtx("BTC");
        client.subscribeCtx("MAVIA");
        client.next();
        client.next();

        assertThat(ws.emitNow()).isEqualTo(2);
        JsonNode btc = client.nextJson();
        JsonNode mavia = client.nextJson();
        assertThat(btc.get("channel").asText()).isEqualTo("activeAssetCtx");
        assertThat(fieldNames(btc.get("data"))).containsExactly("coin", "ctx");
        assertThat(btc.get("data").get("coin").asText()).isEqualTo("BTC");
        assertThat(fieldNames(btc.get("data").get("ctx"))).containsExactlyElementsOf(CTX_FIELDS);
        assertThat(btc.get("data").get("ctx")).isEqualTo(HyperliquidJson.ctx(truth.ctx("BTC", T0)));
        assertThat(mavia.get("data").get("ctx").get("midPx").isNull()).isTrue();
    }

    @Test
    void roundsFollowConnectionThenSubscriptionOrder() {
        WsTestClient a = connect();
        WsTestClient b = connect();
        a.subscribeCandle("BTC", "5m");
        a.subscribeCtx("SOL");
        b.subscribeCandle("SOL", "1h");
        a.next();
        a.next();
        b.next();

        assertThat(ws.emitNow()).isEqualTo(3);
        assertThat(a.nextJson().get("data").get("i").asText()).isEqualTo("5m");
        assertThat(a.nextJson().get("channel").asText()).isEqualTo("activeAssetCtx");
        assertThat(b.nextJson().get("data").get("s").asText()).isEqualTo("SOL");

        a.send("{\"method\":\"unsubscribe\",\"subscription\":{\"type\":\"activeAssetCtx\",\"coin\":\"SOL\"}}");
        a.next();
        assertThat(ws.emitNow()).isEqualTo(2);
    }

    @Test
    void realTimeModeEmitsOnATimer() {
        WsTestClient client = subscribedTo("HYPE", "1m");
        ws.emitEvery(Duration.ofMillis(20));
        assertThat(ws.emitPeriod()).isEqualTo(Duration.ofMillis(20));
        for (int k = 0; k < 5; k++) {
            assertThat(client.nextJson().get("channel").asText()).isEqualTo("candle");
        }
        ws.emitEvery(Duration.ZERO);
    }

    @Test
    void syntheticCoinsStreamForBenchmarks() {
        WsTestClient client = connect();
        for (int n = 0; n < 500; n++) {
            client.subscribeCandle(HyperliquidGroundTruth.syntheticCoin(n), "1m");
        }
        for (int n = 0; n < 500; n++) {
            assertThat(client.nextJson().get("channel").asText()).isEqualTo("subscriptionResponse");
        }
        assertThat(ws.emitNow()).isEqualTo(500);
        assertThat(client.nextJson().get("data").get("s").asText()).isEqualTo("SIM0000");
    }

    @Test
    void subscriptionsAreCapped() {
        ws.maxSubscriptions(2);
        WsTestClient client = connect();
        client.subscribeCtx("BTC");
        client.subscribeCtx("ETH");
        client.subscribeCtx("SOL");
        client.next();
        client.next();
        assertThat(client.nextJson().get("data").asText()).isEqualTo("Cannot subscribe to more than 2 channels.");
    }

    @Test
    void blastWritesManyCandlesOldestFirst() {
        WsTestClient client = connect();
        for (String coin : List.of("SIM0001", "SIM0002", "SIM0003")) {
            client.subscribeCandle(coin, "1m");
            client.next();
        }
        long current = Instant.parse("2025-03-14T12:34:00Z").toEpochMilli();

        long written = ws.blast(1000);

        assertThat(written).isEqualTo(3000);
        List<Long> sim2 = new ArrayList<>();
        for (int k = 0; k < 3000; k++) {
            JsonNode data = client.nextJson().get("data");
            if (data.get("s").asText().equals("SIM0002")) {
                sim2.add(data.get("t").asLong());
            }
        }
        assertThat(sim2).hasSize(1000).isSorted();
        assertThat(sim2.get(0)).isEqualTo(current - 999 * 60_000L);
        assertThat(sim2.get(999)).isEqualTo(current);
        assertThat(ws.stats().dataFramesSent()).isEqualTo(3000);
        // the next round continues with the current candle, no spurious "final" frame
        assertThat(ws.emitNow()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ idle rule

    @Test
    void aSocketTheServerSentNothingToIsClosed() {
        ws.idleCloseAfter(Duration.ofMillis(300));
        WsTestClient client = connect();

        assertThat(client.awaitClosed()).isEqualTo(1000);
        await().atMost(5, TimeUnit.SECONDS).until(() -> ws.stats().idleClosed() == 1);
    }

    @Test
    void aSocketThatKeepsReceivingStaysOpen() {
        ws.idleCloseAfter(Duration.ofMillis(500));
        WsTestClient client = subscribedTo("BTC", "1m");
        ws.emitEvery(Duration.ofMillis(20));
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMillis(1500).toNanos()) {
            client.next();
        }
        ws.emitEvery(Duration.ZERO);
        assertThat(client.closed).isNotDone();
        assertThat(ws.stats().idleClosed()).isZero();
    }

    // ------------------------------------------------------------------ faults

    @Test
    void dropAllClosesEverySocketWithoutACloseFrame() {
        WsTestClient a = connect();
        WsTestClient b = connect();

        ws.faults().dropAll();

        assertThat(a.awaitClosed()).isEqualTo(1006);
        assertThat(b.awaitClosed()).isEqualTo(1006);
        await().atMost(5, TimeUnit.SECONDS).until(() -> ws.stats().openConnections() == 0);
        assertThat(ws.stats().dropped()).isEqualTo(2);
    }

    @Test
    void aSilencedSocketSendsNothingUntilTheSilenceEnds() {
        WsTestClient client = subscribedTo("BTC", "1m");
        ws.faults().silence(Duration.ofMinutes(1));

        assertThat(ws.emitNow()).isZero();
        client.send("{\"method\":\"ping\"}");
        await().atMost(5, TimeUnit.SECONDS).until(() -> ws.stats().pingsReceived() == 1);
        WsTestClient fresh = connect(); // sockets opened later are not silenced
        fresh.send("{\"method\":\"ping\"}");
        assertThat(fresh.next()).isEqualTo(HyperliquidWs.PONG);
        assertThat(ws.stats().framesSilenced()).isEqualTo(2);
        assertThat(json(adminGet("/_sim/ws/faults")).get("silencedUpToConnection").asLong())
                .isPositive();

        ws.faults().clear();
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).as("nothing from the silence was queued").isEqualTo(HyperliquidWs.PONG);
    }

    @Test
    void aSilenceEndsByItself() {
        WsTestClient client = connect();
        ws.faults().silence(Duration.ofMillis(200));
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> ws.faults().snapshot().get("silenceRemainingMs").equals(0L));
        client.send("{\"method\":\"ping\"}");
        assertThat(client.next()).isEqualTo(HyperliquidWs.PONG);
    }

    @Test
    void malformedFramesAreNotJsonOrHaveWrongTypes() {
        WsTestClient client = connect();
        client.subscribeCandle("BTC", "1m");
        client.subscribeCtx("BTC");
        client.next();
        client.next();

        ws.faults().malformedNext(1);
        ws.emitNow();
        String broken = client.next();
        assertThatThrownBy(() -> SimClient.MAPPER.readTree(broken)).isInstanceOf(IOException.class);
        assertThat(client.nextJson().get("channel").asText()).isEqualTo("activeAssetCtx");

        ws.faults().malformedNext(2, WsFaults.Malformed.WRONG_TYPE);
        ws.emitNow();
        JsonNode candle = client.nextJson();
        assertThat(candle.get("data").get("t").asText()).isEqualTo("oops");
        assertThat(candle.get("data").get("o").asText()).isNotEmpty();
        assertThat(client.nextJson().get("data").get("ctx").asText()).isEqualTo("oops");

        ws.emitNow();
        assertThat(client.nextJson().get("data").get("t").isIntegralNumber()).isTrue();
    }

    @Test
    void duplicatedFramesArriveTwice() {
        WsTestClient client = subscribedTo("SOL", "1m");
        ws.faults().duplicateNext(1);

        assertThat(ws.emitNow()).isEqualTo(2);
        assertThat(client.next()).isEqualTo(client.next());
        assertThat(ws.emitNow()).isEqualTo(1);
    }

    @Test
    void swappedFramesArriveInReverseOrder() {
        WsTestClient client = connect();
        client.subscribeCandle("BTC", "1m");
        client.subscribeCandle("ETH", "1m");
        client.next();
        client.next();
        ws.faults().swapNext();

        ws.emitNow();
        assertThat(client.nextJson().get("data").get("s").asText()).isEqualTo("ETH");
        assertThat(client.nextJson().get("data").get("s").asText()).isEqualTo("BTC");

        ws.faults().swapNext();
        ws.emitNow();
        pin(Instant.parse("2025-03-14T12:35:01Z"));
        ws.faults().swapNext(); // the closing and the opening candle of BTC change places
        ws.emitNow();
        List<Long> btc = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            JsonNode data = client.nextJson().get("data");
            if (data.get("s").asText().equals("BTC")) {
                btc.add(data.get("t").asLong());
            }
        }
        long minute = Instant.parse("2025-03-14T12:34:00Z").toEpochMilli();
        assertThat(btc).containsExactly(minute, minute + 60_000, minute);
    }

    @Test
    void delayedFramesKeepTheirOrder() {
        WsTestClient client = subscribedTo("BTC", "1m");
        ws.faults().delay(Duration.ofMillis(300));

        client.send("{\"method\":\"ping\"}");
        await().atMost(5, TimeUnit.SECONDS).until(() -> ws.stats().pingsReceived() == 1);
        long start = System.nanoTime();
        ws.emitNow();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(client.next()).isEqualTo(HyperliquidWs.PONG);
        assertThat(client.nextJson().get("channel").asText()).isEqualTo("candle");
        assertThat(ws.faults().delay()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void refusedHandshakesFailThenConnectionsWorkAgain() {
        ws.faults().refuseConnections(2);

        for (int k = 0; k < 2; k++) {
            assertThatThrownBy(() -> WsTestClient.handshake(sim).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class))
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                            .isEqualTo(429));
        }
        connect();
        assertThat(ws.stats().refused()).isEqualTo(2);
        assertThat(ws.stats().connectionsOpened()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ stats and admin

    @Test
    void statsTrackConnectionsAndConcurrency() {
        WsTestClient first = connect();
        first.subscribeCandle("BTC", "1m");
        first.subscribeCtx("BTC");
        first.next();
        first.next();
        first.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> ws.stats().openConnections() == 0);

        WsTestClient second = connect();
        second.subscribeCandle("BTC", "1m");
        second.next();
        assertThat(ws.stats().maxConcurrentConnections()).isEqualTo(1);

        connect();
        assertThat(ws.stats().maxConcurrentConnections()).isEqualTo(2);
        assertThat(ws.stats().connectionsOpened()).isEqualTo(3);
        assertThat(ws.stats().openConnections()).isEqualTo(2);
        assertThat(ws.stats().subscribeMessagesPerConnection()).containsExactly(2, 1, 0);
        assertThat(ws.stats().framesSent()).isEqualTo(3 + 3); // greetings + acks
        assertThat(ws.stats().dataFramesSent()).isZero();
        assertThat(ws.stats().messagesReceived()).isEqualTo(3);
    }

    @Test
    void theAdminApiSetsFaultsAndReportsStats() throws IOException {
        SimClient admin = new SimClient(sim);
        WsTestClient client = subscribedTo("BTC", "1m");

        HttpResponse<String> added = admin.post("/_sim/ws/faults", "{\"duplicate\":1,\"malformed\":1,"
                + "\"malformedKind\":\"WRONG_TYPE\",\"refuse\":1,\"refuseStatus\":503}");
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body()).isEqualTo("{\"delayMs\":0,\"silenceRemainingMs\":0,\"silencedUpToConnection\":0,"
                + "\"malformed\":[{\"kind\":\"WRONG_TYPE\",\"remaining\":1}],\"duplicates\":1,\"swaps\":0,"
                + "\"refusals\":[{\"status\":503,\"remaining\":1}]}");
        assertThat(SimClient.json(admin.post("/_sim/ws/emit", "")).get("frames").asInt()).isEqualTo(2);
        assertThat(client.nextJson().get("data").get("t").asText()).isEqualTo("oops");
        assertThat(client.nextJson().get("data").get("t").asText()).isEqualTo("oops");

        for (String invalid : List.of("{}", "[]", "{\"duplicate\":-1}", "{\"drop\":1}", "{\"malformedKind\":\"X\"}",
                "{\"refuse\":1,\"refuseStatus\":200}", "{\"nope\":1}")) {
            assertThat(admin.post("/_sim/ws/faults", invalid).statusCode()).as(invalid).isEqualTo(400);
        }
        assertThat(admin.delete("/_sim/ws/faults").body()).contains("\"refusals\":[]");

        JsonNode config = SimClient.json(admin.post("/_sim/ws/config", "{\"idleCloseMs\":30000,\"emitEveryMs\":0}"));
        assertThat(config.get("idleCloseMs").asLong()).isEqualTo(30_000);
        assertThat(ws.idleCloseAfter()).isEqualTo(Duration.ofSeconds(30));

        JsonNode stats = SimClient.json(admin.get("/_sim/ws/stats"));
        assertThat(stats.get("openConnections").asInt()).isEqualTo(1);
        assertThat(stats.get("subscribeMessagesPerConnection").get(0).asInt()).isEqualTo(1);
        assertThat(stats.get("dataFramesSent").asInt()).isEqualTo(2);
        assertThat(SimClient.json(admin.get("/_sim/stats")).get("ws").get("openConnections").asInt()).isEqualTo(1);

        assertThat(admin.post("/_sim/ws/faults", "{\"drop\":true}").statusCode()).isEqualTo(200);
        assertThat(client.awaitClosed()).isEqualTo(1006);
        assertThat(SimClient.json(admin.delete("/_sim/ws/stats")).get("dropped").asInt()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private static String adminGet(String path) {
        try {
            return new SimClient(sim).get(path).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private WsTestClient connect() {
        return track(WsTestClient.connect(sim));
    }

    private WsTestClient subscribedTo(String coin, String interval) {
        WsTestClient client = connect();
        client.subscribeCandle(coin, interval);
        assertThat(client.nextJson().get("channel").asText()).isEqualTo("subscriptionResponse");
        return client;
    }

    private WsTestClient track(WsTestClient client) {
        clients.add(client);
        return client;
    }

    private static void pin(Instant at) {
        sim.hyperliquid().clock(Clock.fixed(at, ZoneOffset.UTC));
    }

    private static Candle candleOf(JsonNode frame) {
        assertThat(frame.get("channel").asText()).isEqualTo("candle");
        JsonNode d = frame.get("data");
        return new Candle(d.get("t").asLong(), d.get("T").asLong(), d.get("s").asText(), d.get("i").asText(),
                new java.math.BigDecimal(d.get("o").asText()), new java.math.BigDecimal(d.get("c").asText()),
                new java.math.BigDecimal(d.get("h").asText()), new java.math.BigDecimal(d.get("l").asText()),
                new java.math.BigDecimal(d.get("v").asText()), d.get("n").asLong());
    }

    private static JsonNode json(String text) {
        try {
            return SimClient.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
