package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import dev.hoard.backfill.Progress;
import dev.hoard.jobs.JobRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code GET /metrics} of a running Hoard (live streams on the simulator, a funding snapshot, a dead letter,
 * a job of "another process") checked by {@code promtool check metrics} and by the conventions it checks,
 * read here too: the missing metrics exist with HELP and base units, counters exist at 0 before their first
 * event, and every metric the shipped dashboard and alerts use is really exposed. The alert rules, their
 * unit tests, the Prometheus config and the dashboard's queries pass promtool.
 */
class MetricsConventionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path OPS = Path.of("ops");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:hoard|camel|jvm|hikaricp|process|system)_[a-z0-9_]+)");

    @TempDir
    static Path dir;
    private static HoardHarness hoard;
    private static JobRegistry otherProcess;
    private static Progress otherJob;

    @BeforeAll
    static void start() throws Exception {
        Path catalog = dir.resolve("starlistings.yaml");
        Files.writeString(catalog, """
                starlistings:
                  - {exchange: hyperliquid, coin: BTC, quote: USD, market_type: perps, intervals: [1m], funding: true, open_interest: true}
                  - {exchange: binance, coin: BTC, quote: USDT, market_type: perps, intervals: [1m], funding: false, open_interest: false}
                """);
        hoard = HoardHarness.builder()
                .property("hoard.catalog.file", catalog.toString())
                .property("hoard.live.enabled", "true")
                .property("hoard.schedules.enabled", "true")
                .property("hoard.defillama.enabled", "false")
                .property("hoard.artemis.enabled", "false")
                .property("hoard.metrics.database-refresh-ms", "0")
                .start();
        assertThat(hoard.takeSnapshot().getException()).isNull();
        hoard.execute("INSERT INTO dead_letters (source, reason, payload) VALUES ('binance.ws', 'test', '{')");
        // a backfill in another process: its own registry on the same database
        otherProcess = new JobRegistry(hoard.bean("dataSource", javax.sql.DataSource.class), Clock.systemUTC(), 10);
        otherJob = new Progress("backfill binance", 4, Clock.systemUTC(), Duration.ofHours(1), line -> { })
                .track(otherProcess);
        otherJob.advance(1, 1500);
        await().atMost(Duration.ofSeconds(20)).until(() -> hoard.count(
                "SELECT count(*) FROM jobs WHERE percent = 25 AND name = 'backfill binance'") == 1);
    }

    @AfterAll
    static void stop() {
        try {
            otherJob.finish();
            otherProcess.stop();
        } finally {
            hoard.close();
        }
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A scrape once the live streams have written final candles of both series. */
    private static String settledScrape() {
        System.gc(); // one GC pause at least, so the GC histogram has samples
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(MetricsConventionsIT::scrape,
                text -> text.contains("hoard_candle_lag_seconds{exchange=\"binance\",interval=\"1m\",symbol=\"BTCUSDT\"}")
                        && text.contains("hoard_candle_lag_seconds{exchange=\"hyperliquid\",interval=\"1m\",symbol=\"BTC\"}")
                        && text.contains("hoard_job_progress_ratio{"));
    }

    @Test
    void promtoolAcceptsTheScrape() throws Exception {
        Path file = Files.writeString(dir.resolve("metrics.txt"), settledScrape());
        Promtool.Result result = Promtool.run(file, "check", "metrics");
        assertThat(result.exitCode()).as("promtool check metrics:%n%s", result.output()).isZero();
        assertThat(result.output()).isBlank();
    }

    @Test
    void everyFamilyHasHelpAndSnakeCaseLabelsAndNoAbbreviatedUnits() {
        String text = settledScrape();
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> labels = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                help.put(parts[2], parts.length > 3 ? parts[3] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher sample = SAMPLE.matcher(line);
                assertThat(sample.matches()).as("sample line %s", line).isTrue();
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        }
        assertThat(types.keySet()).allSatisfy(family -> assertThat(help.get(family)).as("HELP of %s", family).isNotBlank());
        assertThat(help).allSatisfy((family, description) -> {
            if (family.startsWith("hoard_")) {
                assertThat(description).as("a real HELP text for %s", family).doesNotStartWith("hoard ");
            }
        });
        assertThat(labels).allSatisfy(label -> assertThat(label).matches("[a-z_][a-z0-9_]*"))
                .contains("route_id", "camel_context").doesNotContain("routeId", "camelContext");
        assertThat(types).allSatisfy((family, type) -> {
            assertThat(family).doesNotContainPattern("_(ns|ms|us)(_|$)");
            if (!type.equals("histogram") && !type.equals("summary")) {
                assertThat(family).doesNotEndWith("_count");
            }
        });
        assertThat(types).containsEntry("camel_route_policy_seconds", "histogram")
                .containsEntry("hikaricp_connections_acquire_seconds", "histogram")
                .containsEntry("process_cpu_seconds_total", "counter")
                .doesNotContainKey("camel_route_policy_seconds_summary");
    }

    @Test
    void theMissingMetricsExistAndCountersStartAtZero() throws Exception {
        String text = settledScrape();
        assertThat(text)
                // data lag per series, pipeline ages with the max age /health applies, dead letters by source
                .containsPattern("hoard_candle_lag_seconds\\{exchange=\"hyperliquid\",interval=\"1m\",symbol=\"BTC\"} \\d")
                .containsPattern("hoard_pipeline_last_success_age_seconds\\{pipeline=\"hyperliquid-funding-snapshot\"} \\d")
                .contains("hoard_pipeline_max_age_seconds{pipeline=\"hyperliquid-funding-snapshot\"} 7200.0")
                .doesNotContain("hoard_pipeline_max_age_seconds{pipeline=\"defillama-pull\"}")
                .contains("hoard_dead_letters_total{source=\"binance\"} 1.0", "hoard_dead_letters_total{source=\"artemis\"} 0.0")
                // the job of the other process, from the jobs table
                .containsPattern("hoard_job_progress_ratio\\{id=\"\\d+\",name=\"backfill binance\"} 0.25")
                .contains("hoard_jobs_running 1.0")
                // counters that exist before their first event
                .contains("hoard_stream_disconnects_total{shard=\"0\",stream=\"binance\"} 0.0",
                        "hoard_stream_disconnects_total{shard=\"0\",stream=\"hyperliquid\"} 0.0",
                        "hoard_ratelimit_rejections_total{upstream=\"binance\"} 0.0",
                        "hoard_ratelimit_bans_total{upstream=\"hyperliquid\"} 0.0")
                // GC and the connection pool
                .containsPattern("jvm_gc_pause_seconds_bucket\\{")
                .contains("jvm_gc_memory_allocated_bytes_total")
                .containsPattern("hikaricp_connections_active\\{pool=\"hoard[-0-9]*\"}")
                .containsPattern("camel_route_policy_seconds_bucket\\{[^}]*route_id=\"hyperliquid-funding-snapshot\"[^}]*le=\"0.1\"}");

        JsonNode jobs = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl("/jobs"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(jobs.get("running").asLong()).isEqualTo(1);
        assertThat(jobs.get("jobs").get(0).get("name").asText()).isEqualTo("backfill binance");
        assertThat(jobs.get("jobs").get(0).get("rows").asLong()).isEqualTo(1500);
    }

    @Test
    void theDashboardAndAlertsUseOnlyExposedMetricsAndPassPromtool() throws Exception {
        String text = settledScrape();
        Set<String> exposed = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                exposed.add(sample.group(1));
            }
        }
        List<String> dashboardQueries = new ArrayList<>();
        JsonNode dashboard = JSON.readTree(OPS.resolve("grafana/hoard.json").toFile());
        dashboard.findValues("expr").forEach(expr -> dashboardQueries.add(expr.asText()));
        assertThat(dashboardQueries).hasSizeGreaterThan(20);

        @SuppressWarnings("unchecked")
        Map<String, Object> rules = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(OPS.resolve("prometheus/alerts.yml")));
        List<String> alertQueries = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                alertQueries.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
            }
        }
        assertThat(alertQueries).hasSizeGreaterThanOrEqualTo(8);

        Set<String> used = new LinkedHashSet<>();
        for (String query : concat(dashboardQueries, alertQueries)) {
            Matcher name = METRIC_NAME.matcher(query);
            while (name.find()) {
                used.add(name.group(1));
            }
        }
        assertThat(used).contains("hoard_candle_lag_seconds", "hoard_pipeline_last_success_age_seconds",
                "hoard_dead_letters_total", "hoard_job_progress_ratio", "hoard_ratelimit_bans_total",
                "hoard_stream_last_frame_age_seconds", "jvm_gc_pause_seconds_bucket", "hikaricp_connections_active");
        assertThat(used).allSatisfy(name -> assertThat(exposed).as("exposed by /metrics").contains(name));

        // the queries themselves parse: as recording rules, which promtool checks
        StringBuilder asRules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < dashboardQueries.size(); i++) {
            asRules.append("      - record: dashboard:query_").append(i).append("\n        expr: ")
                    .append(JSON.writeValueAsString(dashboardQueries.get(i).replace("$instance", ".*"))).append('\n');
        }
        Path dashboardRules = Files.writeString(dir.resolve("dashboard-rules.yml"), asRules);
        Promtool.check(null, "check", "rules", dashboardRules.toString());
        assertThat(Promtool.check(null, "check", "rules", OPS.resolve("prometheus/alerts.yml").toString()))
                .contains("SUCCESS: 9 rules found");
        assertThat(Promtool.check(null, "test", "rules", OPS.resolve("prometheus/alerts.test.yml").toString()))
                .contains("SUCCESS");
        Promtool.check(null, "check", "config", OPS.resolve("prometheus/prometheus.yml").toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
