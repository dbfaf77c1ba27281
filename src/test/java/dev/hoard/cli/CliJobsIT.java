package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CLI backfill runs in a process of its own, yet the service's {@code GET /jobs} and {@code /metrics} show it:
 * both read the {@code jobs} table. A job whose process died without ending it is listed as lost.
 */
class CliJobsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness service;

    @BeforeAll
    static void start() throws Exception {
        service = HoardHarness.builder().property("hoard.metrics.database-refresh-ms", "0").start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.apiUrl(path))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode job(String name) throws Exception {
        for (JsonNode job : JSON.readTree(get("/jobs")).get("jobs")) {
            if (job.get("name").asText().equals(name)) {
                return job;
            }
        }
        return null;
    }

    @Test
    void theServiceListsABackfillThatRanInAnotherProcess() throws Exception {
        HoardProcess.Result backfill = HoardProcess.run(Map.of(
                "DATABASE_URL", service.database.url(),
                "HOARD_BINANCE_REST_URL", service.simulator.binanceRestUrl()),
                "backfill", "binance", "--symbols", "BTCUSDT", "--intervals", "1h",
                "--from", LocalDate.now(ZoneOffset.UTC).minusDays(3).toString());
        assertThat(backfill.exitCode()).as(backfill.all()).isZero();

        JsonNode job = job("backfill binance");
        assertThat(job).as("the CLI's job in the service's /jobs").isNotNull();
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(job.get("rows").asLong()).isEqualTo(service.count("SELECT count(*) FROM candles"));
        assertThat(job.get("process").asText()).doesNotStartWith(ProcessHandle.current().pid() + "@");
        assertThat(job.get("finished_at").isNull()).isFalse();
        assertThat(get("/metrics")).contains("hoard_jobs_running 0.0");
    }

    @Test
    void aRunningJobWhoseProcessStoppedReportingIsLost() throws Exception {
        service.execute("INSERT INTO jobs (name, process, state, percent, started_at, heartbeat_at)"
                + " VALUES ('backfill hyperliquid', '999999@elsewhere', 'running', 40, now() - interval '10 minutes',"
                + " now() - interval '2 minutes')");
        service.execute("INSERT INTO jobs (name, process, state, percent, started_at, heartbeat_at)"
                + " VALUES ('export merged', '999998@elsewhere', 'running', 60, now(), now())");

        JsonNode lost = job("backfill hyperliquid");
        assertThat(lost.get("state").asText()).isEqualTo("lost");
        assertThat(lost.get("error").asText()).startsWith("no heartbeat from process 999999@elsewhere since ");
        assertThat(job("export merged").get("state").asText()).isEqualTo("running");

        String metrics = get("/metrics");
        assertThat(metrics).contains("hoard_jobs_running 1.0")
                .containsPattern("hoard_job_progress_ratio\\{id=\"\\d+\",name=\"export merged\"} 0.6")
                .doesNotContain("name=\"backfill hyperliquid\"");
        service.execute("DELETE FROM jobs WHERE process LIKE '%@elsewhere'");
    }
}
