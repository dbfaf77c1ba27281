package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.TestDatabase;
import dev.hoard.upstream.twap.NodeParquetWriter.Row;
import dev.hoard.upstream.twap.S3MockServer;
import dev.hoard.upstream.twap.TwapParquet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hoard etl-twap} as a user runs it: a separate JVM configured only through the environment
 * (AWS credentials included), its exit code, stdout and stderr.
 */
class EtlTwapCommandIT {

    private static final String BUCKET = "twap-cli-it";
    private static final String PREFIX = "raw/twap_statuses/";
    private static final String ACCESS_KEY = "AKIAHOARDCLISECRET77";
    private static final String SECRET_KEY = "cli-Secret-Value-9f3e1d";
    private static TestDatabase database;
    private static S3MockServer s3;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3MockServer.shared();
        s3.createBucket(BUCKET);
    }

    @BeforeEach
    void reset() {
        s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()
                .forEach(o -> s3.client().deleteObject(b -> b.bucket(BUCKET).key(o.key())));
        database = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private static HoardProcess.Result hoard(String... args) throws IOException, InterruptedException {
        return HoardProcess.run(Map.of(
                "DATABASE_URL", database.url(),
                "HOARD_TWAP_BUCKET", BUCKET,
                "HOARD_TWAP_PREFIX", PREFIX,
                "HOARD_TWAP_ENDPOINT_OVERRIDE", s3.endpoint(),
                "HOARD_TWAP_PATH_STYLE", "true",
                "HOARD_RETRY_MAX_REDELIVERIES", "1",
                "HOARD_RETRY_INITIAL_DELAY_MS", "10",
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY), args);
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Row> rows(long firstId, int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(TwapParquet.row(firstId + i, "0x4444444444444444444444444444444444444444",
                    "2026-07-09T19:00:0" + i, "finished"));
        }
        return rows;
    }

    @Test
    void incrementalExitsNonZeroNamingTheFailedObjectStoresTheRestAndNeverPrintsCredentials() throws Exception {
        s3.put(BUCKET, PREFIX + "a.parquet", TwapParquet.node(rows(1, 3)));
        s3.put(BUCKET, PREFIX + "b-corrupt.parquet", "not parquet".getBytes());

        HoardProcess.Result result = hoard("etl-twap", "--incremental");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.reason()).startsWith("hoard etl-twap: ")
                .contains("1 of 2 objects failed").contains(PREFIX + "b-corrupt.parquet").doesNotContain("a.parquet");
        assertThat(count("SELECT count(*) FROM twap_status")).isEqualTo(3);
        assertThat(result.all()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);

        HoardProcess.Result again = hoard("etl-twap", "--incremental");
        assertThat(again.stderr()).contains("1 of 1 objects failed");
        assertThat(again.all()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
    }

    @Test
    void objectKeyIngestsOneObjectAndExitsZero() throws Exception {
        s3.put(BUCKET, PREFIX + "a.parquet", TwapParquet.node(rows(1, 2)));
        s3.put(BUCKET, PREFIX + "b.parquet", TwapParquet.node(rows(10, 4)));

        HoardProcess.Result result = hoard("etl-twap", "--object-key", PREFIX + "b.parquet");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("twap-s3-etl period=\\S+ rows=4 duration=\\d+ms outcome=success");
        assertThat(count("SELECT count(*) FROM twap_status")).isEqualTo(4);
        assertThat(result.all()).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);
    }

    @Test
    void aLocalFileIsIngestedAndLoggedAndACorruptOneFailsNamingIt() throws Exception {
        Path good = Files.createTempFile("twap-cli-", ".parquet");
        Path bad = Files.createTempFile("twap-cli-bad-", ".parquet");
        try {
            Files.write(good, TwapParquet.node(rows(1, 2)));
            Files.writeString(bad, "garbage");

            HoardProcess.Result ok = hoard("etl-twap", "--local-file", good.toString());
            assertThat(ok.exitCode()).as(ok.stderr()).isZero();
            assertThat(count("SELECT count(*) FROM etl_s3_ingest_log WHERE source = 'file' AND error IS NULL"
                    + " AND object_key = '" + good.toAbsolutePath() + "' AND rows = 2")).isEqualTo(1);

            HoardProcess.Result failed = hoard("etl-twap", "--local-file", bad.toString());
            assertThat(failed.exitCode()).as(failed.stdout()).isNotZero();
            assertThat(failed.reason()).contains(bad.toAbsolutePath().toString())
                    .contains("not a readable parquet file");
            assertThat(count("SELECT count(*) FROM etl_s3_ingest_log WHERE error IS NOT NULL")).isEqualTo(1);
        } finally {
            Files.deleteIfExists(good);
            Files.deleteIfExists(bad);
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingRuns() throws Exception {
        HoardProcess.Result noMode = hoard("etl-twap");
        assertThat(noMode.exitCode()).isNotZero();
        assertThat(noMode.stderr()).contains("--incremental");

        HoardProcess.Result badSince = hoard("etl-twap", "--since", "yesterday");
        assertThat(badSince.exitCode()).isNotZero();
        assertThat(badSince.stderr()).contains("--since");

        HoardProcess.Result missing = hoard("etl-twap", "--local-file", "/no/such/file.parquet");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("no such file");

        assertThat(hoard("--help").stdout()).contains("etl-twap");
    }
}
