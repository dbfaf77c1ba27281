package dev.hoard.upstream.twap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoard.HoardHarness;
import dev.hoard.upstream.twap.NodeParquetWriter.Row;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The TWAP ETL end to end: the real routes against S3Mock (a real S3-compatible server) and the test
 * PostgreSQL. What reached the server is read from S3Mock's access log.
 */
class TwapS3EtlIT {

    static final String BUCKET = "twap-etl-it";
    static final String PREFIX = "raw/twap_statuses/";
    private static final String WALLET = "0x1111111111111111111111111111111111111111";

    private static S3MockServer s3;
    private static HoardHarness hoard;
    private int mark;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3MockServer.shared();
        s3.createBucket(BUCKET);
        hoard = TwapHarness.start(s3, BUCKET, PREFIX);
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    @BeforeEach
    void reset() throws Exception {
        for (S3Object object : s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            s3.client().deleteObject(b -> b.bucket(BUCKET).key(object.key()));
        }
        hoard.execute("TRUNCATE twap_status, etl_s3_ingest_log, dead_letters, pipeline_runs");
        mark = s3.requests().size();
    }

    private Exchange run(Map<String, Object> headers) {
        return hoard.context().createProducerTemplate().send("direct:twap-s3-etl",
                e -> e.getMessage().setHeaders(new java.util.HashMap<>(headers)));
    }

    private Exchange run() {
        return run(Map.of());
    }

    private static String put(String name, List<Row> rows) throws IOException {
        return s3.put(BUCKET, PREFIX + name, TwapParquet.node(rows));
    }

    /**
     * Requests since the last mark, and moves the mark. Tomcat writes an access-log line only after
     * the response has gone out, so first wait until the log has stopped growing.
     */
    private List<String> requestsSinceMark() throws IOException {
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    int size = s3.requests().size();
                    return size == seen.getAndSet(size);
                });
        List<String> all = s3.requests();
        List<String> since = new ArrayList<>(all.subList(mark, all.size()));
        mark = all.size();
        return since;
    }

    private static long objectGets(List<String> requests, String name) {
        return requests.stream().filter(r -> r.startsWith("GET /" + BUCKET + "/" + PREFIX + name + " ")).count();
    }

    private static List<Row> rows(long firstId, int count, String status) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(TwapParquet.row(firstId + i, WALLET, "2026-07-09T19:00:" + String.format("%02d", i % 60) + ".5", status));
        }
        return rows;
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = hoard.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void everyRequestCarriesTheRequesterPaysHeader() throws Exception {
        put("a.parquet", rows(1, 2, "finished"));
        // the control: the tests' own client sends no such header, and the log shows it (S3Mock writes its
        // access log after answering, so the line may land a moment after the PUT returns)
        await().atMost(Duration.ofSeconds(10)).until(() -> s3.requests().size() > mark);
        assertThat(requestsSinceMark()).containsExactly("PUT /" + BUCKET + "/" + PREFIX + "a.parquet -");

        assertThat(run().getException()).isNull();

        List<String> requests = requestsSinceMark();
        assertThat(requests).anyMatch(r -> r.startsWith("GET /" + BUCKET + " "))
                .anyMatch(r -> r.startsWith("GET /" + BUCKET + "/" + PREFIX + "a.parquet "))
                .allMatch(r -> r.endsWith(" requester"));
    }

    @Test
    void ingestsIncrementallyAndDoesNotDownloadWhatIsAlreadyIngested() throws Exception {
        String etagA = put("a.parquet", rows(1, 2, "activated"));
        put("b.parquet", rows(10, 3, "finished"));

        assertThat(run().getException()).isNull();
        assertThat(hoard.bean("jobRegistry", dev.hoard.jobs.JobRegistry.class).list().get(0)).as("the run as a job")
                .containsEntry("name", "etl-twap").containsEntry("state", "succeeded").containsEntry("rows", 5L)
                .containsEntry("percent", 100.0);
        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(5);
        assertThat(hoard.count("SELECT count(*) FROM etl_s3_ingest_log WHERE error IS NULL AND source = 's3://"
                + BUCKET + "' AND object_key = '" + PREFIX + "a.parquet' AND etag = '" + etagA.replace("'", "''")
                + "' AND rows = 2 AND rows_inserted = 2 AND last_modified IS NOT NULL AND size_bytes > 0")).isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM twap_status WHERE s3_object_key = '" + PREFIX + "b.parquet'")).isEqualTo(3);
        List<String> first = requestsSinceMark();
        assertThat(objectGets(first, "a.parquet")).isEqualTo(1);
        assertThat(objectGets(first, "b.parquet")).isEqualTo(1);

        assertThat(run().getException()).isNull();

        List<String> second = requestsSinceMark();
        assertThat(second).as("the second run only lists").isNotEmpty()
                .noneMatch(r -> r.contains("/" + PREFIX + "a.parquet") || r.contains("/" + PREFIX + "b.parquet"));
        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(5);
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE pipeline = 'twap-s3-etl' AND outcome = 'success'"))
                .isEqualTo(2);
        assertThat(text("SELECT detail FROM pipeline_runs ORDER BY id LIMIT 1")).contains("objects=2", "new_rows=5");
    }

    @Test
    void anObjectWhoseEtagChangedIsIngestedAgain() throws Exception {
        String before = put("a.parquet", rows(1, 2, "activated"));
        assertThat(run().getException()).isNull();

        List<Row> changed = new ArrayList<>(rows(1, 2, "activated"));
        changed.add(TwapParquet.row(1, WALLET, "2026-07-09T20:00:00", "finished"));
        String after = put("a.parquet", changed);
        assertThat(after).isNotEqualTo(before);
        requestsSinceMark();

        assertThat(run().getException()).isNull();

        assertThat(objectGets(requestsSinceMark(), "a.parquet")).isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(3);
        assertThat(hoard.count("SELECT count(*) FROM etl_s3_ingest_log WHERE error IS NULL")).isEqualTo(2);
        assertThat(hoard.count("SELECT rows_inserted FROM etl_s3_ingest_log WHERE etag = '" + after + "'")).isEqualTo(1);
    }

    @Test
    void aCorruptObjectIsRecordedDoesNotStopTheOthersAndIsRetriedNextRun() throws Exception {
        put("a.parquet", rows(1, 2, "finished"));
        s3.put(BUCKET, PREFIX + "b.parquet", "PAR1 this is not parquet".getBytes());
        put("c.parquet", rows(20, 2, "finished"));

        Exchange first = run();

        assertThat(first.getException()).isInstanceOf(TwapEtlException.class)
                .hasMessageContaining("1 of 3 objects failed").hasMessageContaining(PREFIX + "b.parquet");
        assertThat(hoard.bean("jobRegistry", dev.hoard.jobs.JobRegistry.class).list().get(0))
                .containsEntry("name", "etl-twap").containsEntry("state", "failed")
                .hasEntrySatisfying("error", e -> assertThat(e.toString()).contains("b.parquet"));
        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(4);
        assertThat(text("SELECT error FROM etl_s3_ingest_log WHERE object_key = '" + PREFIX + "b.parquet'"))
                .startsWith("not a readable parquet file: it is not a Parquet file");
        assertThat(objectGets(requestsSinceMark(), "b.parquet")).as("a corrupt object is not retried within a run").isEqualTo(1);
        assertThat(hoard.count("SELECT count(*) FROM pipeline_runs WHERE outcome = 'failed' AND detail LIKE '%b.parquet%'"))
                .isEqualTo(1);

        Exchange second = run();

        assertThat(second.getException()).hasMessageContaining("1 of 1 objects failed");
        List<String> requests = requestsSinceMark();
        assertThat(objectGets(requests, "b.parquet")).isEqualTo(1);
        assertThat(objectGets(requests, "a.parquet") + objectGets(requests, "c.parquet")).isZero();

        put("b.parquet", rows(30, 1, "finished"));
        assertThat(run().getException()).isNull();
        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(5);
    }

    @Test
    void sinceIngestsAgainEveryObjectModifiedSinceThatTime() throws Exception {
        put("a.parquet", rows(1, 1, "finished"));
        put("b.parquet", rows(2, 1, "finished"));
        assertThat(run().getException()).isNull();
        requestsSinceMark();

        assertThat(run(Map.of(TwapObjectLister.SINCE, Instant.now().minus(1, ChronoUnit.HOURS))).getException()).isNull();
        List<String> since = requestsSinceMark();
        assertThat(objectGets(since, "a.parquet")).isEqualTo(1);
        assertThat(objectGets(since, "b.parquet")).isEqualTo(1);

        assertThat(run(Map.of(TwapObjectLister.SINCE, Instant.now().plus(1, ChronoUnit.HOURS))).getException()).isNull();
        List<String> future = requestsSinceMark();
        assertThat(objectGets(future, "a.parquet") + objectGets(future, "b.parquet")).isZero();
        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(2);
    }

    @Test
    void anObjectKeyIngestsThatObjectOnly() throws Exception {
        put("a.parquet", rows(1, 2, "finished"));
        put("b.parquet", rows(10, 3, "finished"));

        assertThat(run(Map.of(TwapObjectLister.OBJECT_KEY, PREFIX + "b.parquet")).getException()).isNull();

        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(3);
        assertThat(hoard.count("SELECT count(*) FROM etl_s3_ingest_log")).isEqualTo(1);
        List<String> requests = requestsSinceMark();
        assertThat(requests).anyMatch(r -> r.equals("HEAD /" + BUCKET + "/" + PREFIX + "b.parquet requester"));
        assertThat(objectGets(requests, "a.parquet")).isZero();
    }

    @Test
    void storesStringAndObjectStatusesAndDeadLettersRowsThatDoNotMap() throws Exception {
        put("a.parquet", List.of(
                TwapParquet.row(1, WALLET, "2026-07-09T19:00:00.000000001", "finished"),
                TwapParquet.row(2, WALLET, "2026-07-09T19:00:01", "{\"error\":\"Insufficient margin\"}"),
                TwapParquet.row(3, "", "2026-07-09T19:00:02", "activated")));

        assertThat(run().getException()).isNull();

        assertThat(text("SELECT status FROM twap_status WHERE twap_id = 1")).isEqualTo("finished");
        assertThat(text("SELECT status || ' ' || (raw_payload -> 'status' ->> 'error') FROM twap_status WHERE twap_id = 2"))
                .isEqualTo("error Insufficient margin");
        assertThat(text("SELECT size_requested::text || ' ' || notional_executed::text || ' ' || duration_minutes"
                + " || ' ' || reduce_only || ' ' || randomize || ' ' || asset || ' ' || side FROM twap_status WHERE twap_id = 1"))
                .isEqualTo("1.5 45123.5 30 false true BTC B");
        assertThat(text("SELECT raw_payload::text FROM twap_status WHERE twap_id = 1"))
                .isEqualTo("{\"state\": {\"timestamp\": 1752087600000}, \"block_number\": 1001}");
        assertThat(hoard.count("SELECT rows_rejected FROM etl_s3_ingest_log")).isEqualTo(1);
        assertThat(text("SELECT reason FROM dead_letters WHERE source = 'twap-s3'")).contains("a.parquet row 3");
    }

    @Test
    void anObjectLargerThanOneWriterChunkIsOneUnit() throws Exception {
        int count = 2 * TwapObjectIngester.CHUNK_ROWS + 7;
        put("big.parquet", rows(1, count, "finished"));

        assertThat(run().getException()).isNull();

        assertThat(hoard.count("SELECT count(*) FROM twap_status")).isEqualTo(count);
        assertThat(hoard.count("SELECT rows_inserted FROM etl_s3_ingest_log")).isEqualTo(count);
    }

    @Test
    void theServiceRunsTheEtlOnItsSchedule() throws Exception {
        put("a.parquet", rows(1, 2, "finished"));

        try (HoardHarness scheduled = TwapHarness.builder(s3, BUCKET, PREFIX)
                .property("hoard.schedules.enabled", "true")
                .property("hoard.hyperliquid.funding-snapshot.enabled", "false")
                .property("hoard.twap.poll-period-ms", "200")
                .start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> scheduled.count("SELECT count(*) FROM twap_status") == 2);
            put("b.parquet", rows(10, 3, "finished"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> scheduled.count("SELECT count(*) FROM twap_status") == 5);
            assertThat(scheduled.count("SELECT count(*) FROM etl_s3_ingest_log WHERE error IS NULL")).isEqualTo(2);
        }
    }
}
