package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP server answers while Hoard starts and stops, and for what no route serves: the port
 * is hit in a tight loop the whole time, and every answer must be a refused connection, a JSON 503
 * with Retry-After, or the real answer; never Vert.x's 404 HTML page or an empty body.
 */
class HttpFrontIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500)).build();

    /** One answer: status, content type, Retry-After and body; status 0 when no connection was made. */
    record Answer(int status, String contentType, String retryAfter, String body) {
        String kind() {
            return status == 0 ? "no connection" : status + " " + body.replaceAll("(\"status\":\"[a-z]+\").*", "$1");
        }
    }

    static Answer get(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            return new Answer(0, "", null, "");
        }
    }

    /** Hits {@code path} until {@code stop}, collecting every answer. */
    static CompletableFuture<List<Answer>> hammer(int port, String path, AtomicBoolean stop) {
        return CompletableFuture.supplyAsync(() -> {
            List<Answer> answers = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            try {
                while (!stop.get() && System.nanoTime() < deadline) {
                    answers.add(get("http://127.0.0.1:" + port + path));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answers;
        });
    }

    static void assertJsonStatus(Answer answer, String status) throws IOException {
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/json");
        assertThat(answer.retryAfter()).as(answer.toString()).isNotBlank();
        assertThat(JSON.readTree(answer.body()).get("status").asText()).isEqualTo(status);
    }

    @Test
    void whileHoardStartsAndStopsEveryAnswerIsJsonOrNoConnection() throws Exception {
        int port = HoardHarness.freePort();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<List<Answer>> health = hammer(port, "/health", stop);
        CompletableFuture<List<Answer>> candles = hammer(port, "/candles/hyperliquid/NOPE/USD/perps/1m", stop);
        List<Answer> starting;
        List<Answer> stopping;
        try (HoardHarness hoard = HoardHarness.builder().property("hoard.http.port", String.valueOf(port)).start()) {
            stop.set(true);
            starting = new ArrayList<>(health.get(30, TimeUnit.SECONDS));
            starting.addAll(candles.get(30, TimeUnit.SECONDS));

            // started: the real answers
            assertThat(get("http://127.0.0.1:" + port + "/health").status()).isEqualTo(200);
            Answer unknownInstrument = get("http://127.0.0.1:" + port + "/candles/hyperliquid/NOPE/USD/perps/1m");
            assertThat(unknownInstrument.status()).isEqualTo(404);
            assertThat(unknownInstrument.contentType()).startsWith("application/json");

            stop.set(false);
            health = hammer(port, "/health", stop);
            // let the loop reach the started server before it is asked to stop
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> get("http://127.0.0.1:" + port + "/health").status() == 200);
            hoard.app().close();
            stop.set(true);
            stopping = health.get(30, TimeUnit.SECONDS);
        }

        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (Answer answer : starting) {
            kinds.merge(answer.kind(), 1, Integer::sum);
            if (answer.status() == 0 || answer.status() == 200 || answer.body().contains("no instrument")) {
                continue;
            }
            assertThat(answer.status()).as("%s (all: %s)", answer, kinds).isEqualTo(503);
            assertJsonStatus(answer, "starting");
        }
        assertThat(kinds).as("answers while starting").containsKey("503 {\"status\":\"starting\"");

        Map<String, Integer> stoppingKinds = new LinkedHashMap<>();
        for (Answer answer : stopping) {
            stoppingKinds.merge(answer.kind(), 1, Integer::sum);
            if (answer.status() == 0 || answer.status() == 200) {
                continue;
            }
            assertThat(answer.status()).as("%s (all: %s)", answer, stoppingKinds).isEqualTo(503);
            assertJsonStatus(answer, "stopping");
        }
        assertThat(stoppingKinds).as("answers while stopping").containsKey("no connection");
    }

    @Test
    void whatNoRouteServesIsAJsonError() throws Exception {
        try (HoardHarness hoard = HoardHarness.builder().start()) {
            for (String path : List.of("/nope", "/health/nope", "/candles", "/docs/a/b")) {
                Answer answer = get(hoard.apiUrl(path));
                assertThat(answer.status()).as(path).isEqualTo(404);
                assertThat(answer.contentType()).as(path).startsWith("application/json");
                assertThat(JSON.readTree(answer.body()).get("error").asText()).as(path).isEqualTo("not found");
            }
            HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl("/health")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            JsonNode error = JSON.readTree(wrongMethod.body());
            assertThat(error.get("error").asText()).isEqualTo("method not allowed");
            assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        }
    }
}
