package dev.hoard.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports against rows in real PostgreSQL: files with their metadata, Parquet read back by
 * parquet-java and by DuckDB, the merged LEFT JOIN keeping NULL as NULL and zero as zero, and the same
 * exports streamed over HTTP.
 */
class ExportIT {

    private static final Instant NOW = Instant.parse("2026-03-04T10:17:30Z");
    private static final Instant FROM = Instant.parse("2026-03-04T09:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-04T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static HoardHarness hoard;
    private static Path spool;

    @BeforeAll
    static void start() throws Exception {
        spool = Files.createTempDirectory("hoard-export-spool");
        hoard = HoardHarness.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .property("hoard.export.spool-dir", spool.toString())
                .property("hoard.export.max-days", "400")
                .start();
        hoard.execute("""
                INSERT INTO instruments (exchange, symbol, market_type, coin, quote, first_seen, last_seen)
                VALUES ('hyperliquid', 'ETH', 'perps', 'ETH', 'USD', now(), now()) ON CONFLICT DO NOTHING""");
        // 60 one-minute ETH candles 09:00..09:59; 09:03 has zero volume and no trade count
        hoard.execute("""
                INSERT INTO candles (instrument_id, interval, open_time, close_time, open, high, low, close, volume,
                                     quote_volume, trades, is_final, source)
                SELECT i.id, '1m', t, t + interval '59.999 seconds', 100 + m, 101 + m, 99 + m, 100.5 + m,
                       CASE WHEN m = 3 THEN 0 ELSE 1.25 END, NULL, CASE WHEN m = 3 THEN NULL ELSE 7 END, true, 'test'
                  FROM instruments i,
                       generate_series(0, 59) AS m,
                       LATERAL (SELECT timestamptz '2026-03-04T09:00:00Z' + m * interval '1 minute') AS s(t)
                 WHERE i.coin = 'ETH'""");
        // funding: zero at 09:00, a value at 09:01, nothing at 09:02; open interest at 09:00 only
        hoard.execute("""
                INSERT INTO funding_rates (instrument_id, time, funding_rate, premium)
                SELECT id, timestamptz '2026-03-04T09:00:00Z', 0, NULL FROM instruments WHERE coin = 'ETH'
                UNION ALL
                SELECT id, timestamptz '2026-03-04T09:01:00Z', 0.0000125, -0.0003 FROM instruments WHERE coin = 'ETH'""");
        hoard.execute("""
                INSERT INTO open_interest (instrument_id, time, open_interest, open_interest_value)
                SELECT id, timestamptz '2026-03-04T09:00:00Z', 1234.5, 0 FROM instruments WHERE coin = 'ETH'""");
    }

    @AfterAll
    static void stop() throws Exception {
        hoard.close();
        try (Stream<Path> files = Files.list(spool)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(spool);
    }

    private static ExportRequest merged() {
        return new ExportRequest(ExportDataset.MERGED,
                new dev.hoard.api.InstrumentLookup.Listing("hyperliquid", "ETH", "USD", "perps"), "1m", FROM, TO);
    }

    @Test
    void writesCsvParquetAndMetadataFilesWithNullsAndZerosKept(@TempDir Path out) throws Exception {
        Exporter exporter = hoard.bean("exporter", Exporter.class);
        Map<String, Object> metadata = exporter.toFiles(merged(),
                List.of(Exporter.Format.CSV, Exporter.Format.PARQUET), out, line -> { });

        String base = "hyperliquid_ETH_USD_perps_merged_1m_20260304T090000_20260304T100000";
        assertThat(out.resolve(base + ".csv")).exists();
        assertThat(out.resolve(base + ".parquet")).exists();
        JsonNode meta = JSON.readTree(out.resolve(base + ".json").toFile());
        assertThat(meta.get("rows").asLong()).isEqualTo(60).isEqualTo(((Number) metadata.get("rows")).longValue());
        assertThat(meta.at("/time_range/first").asText()).isEqualTo("2026-03-04T09:00:00Z");
        assertThat(meta.at("/time_range/last").asText()).isEqualTo("2026-03-04T09:59:00Z");
        assertThat(meta.at("/parameters/interval").asText()).isEqualTo("1m");
        assertThat(meta.at("/parameters/coin").asText()).isEqualTo("ETH");
        assertThat(meta.get("columns")).extracting(c -> c.get("name").asText())
                .startsWith("open_time", "close_time", "open").contains("funding_rate", "open_interest");
        assertThat(meta.get("columns").get(0).get("parquet_type").asText()).isEqualTo("INT64 TIMESTAMP(MILLIS, UTC)");

        List<String> csv = Files.readAllLines(out.resolve(base + ".csv"));
        assertThat(csv).hasSize(61);
        List<String> header = List.of(csv.get(0).split(",", -1));
        assertThat(header.get(0)).isEqualTo("open_time");
        String[] first = csv.get(1).split(",", -1);
        String[] second = csv.get(2).split(",", -1);
        String[] third = csv.get(3).split(",", -1);
        String[] fourth = csv.get(4).split(",", -1);
        assertThat(first[0]).isEqualTo("2026-03-04T09:00:00Z");
        assertThat(first[header.indexOf("funding_rate")]).isEqualTo("0"); // zero stays zero
        assertThat(first[header.indexOf("premium")]).isEmpty();           // NULL stays NULL
        assertThat(first[header.indexOf("open_interest")]).isEqualTo("1234.5");
        assertThat(first[header.indexOf("open_interest_value")]).isEqualTo("0");
        assertThat(second[header.indexOf("funding_rate")]).isEqualTo("0.0000125");
        assertThat(second[header.indexOf("open_interest")]).isEmpty();
        assertThat(third[header.indexOf("funding_rate")]).isEmpty();
        assertThat(fourth[header.indexOf("volume")]).isEqualTo("0");
        assertThat(fourth[header.indexOf("trades")]).isEmpty();

        // parquet-java reads it back, with timestamps as UTC TIMESTAMP(MILLIS) and decimals as doubles
        ParquetFiles parquet = ParquetFiles.read(out.resolve(base + ".parquet"));
        PrimitiveType openTime = parquet.schema().getType("open_time").asPrimitiveType();
        assertThat(openTime.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
        assertThat(openTime.getLogicalTypeAnnotation()).isEqualTo(
                LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
        assertThat(parquet.schema().getType("close").asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveType.PrimitiveTypeName.DOUBLE);
        assertThat(parquet.rows()).hasSize(60);
        Group row0 = parquet.rows().get(0);
        assertThat(row0.getLong("open_time", 0)).isEqualTo(FROM.toEpochMilli());
        assertThat(row0.getDouble("open", 0)).isEqualTo(100.0);
        assertThat(row0.getDouble("funding_rate", 0)).isEqualTo(0.0);
        assertThat(row0.getFieldRepetitionCount("premium")).isZero();
        assertThat(parquet.rows().get(1).getDouble("funding_rate", 0)).isEqualTo(0.0000125);
        assertThat(parquet.rows().get(2).getFieldRepetitionCount("funding_rate")).isZero();
        assertThat(parquet.rows().get(3).getFieldRepetitionCount("trades")).isZero();
        assertThat(parquet.rows().get(4).getLong("trades", 0)).isEqualTo(7);

        // and DuckDB, an independent reader, sees the same types and values
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT open_time, close, funding_rate, premium, is_final, trades FROM read_parquet('"
                     + out.resolve(base + ".parquet") + "') ORDER BY open_time LIMIT 2")) {
            ResultSetMetaData types = rs.getMetaData();
            assertThat(types.getColumnTypeName(1)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(types.getColumnTypeName(2)).isEqualTo("DOUBLE");
            assertThat(types.getColumnTypeName(5)).isEqualTo("BOOLEAN");
            assertThat(types.getColumnTypeName(6)).isEqualTo("BIGINT");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).isEqualTo(FROM);
            assertThat(rs.getDouble(3)).isZero();
            assertThat(rs.wasNull()).isFalse();
            rs.getDouble(4);
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getBoolean(5)).isTrue();
        }
    }

    @Test
    void exportsFundingAloneAndReportsTheJob(@TempDir Path out) throws Exception {
        Exporter exporter = hoard.bean("exporter", Exporter.class);
        ExportRequest funding = new ExportRequest(ExportDataset.FUNDING,
                new dev.hoard.api.InstrumentLookup.Listing("hyperliquid", "ETH", "USD", "perps"), null, FROM, TO);
        Map<String, Object> metadata = exporter.toFiles(funding, List.of(Exporter.Format.PARQUET), out, line -> { });

        assertThat(metadata.get("rows")).isEqualTo(2L);
        assertThat(metadata.get("files")).isEqualTo(List.of(funding.baseName() + ".parquet"));
        ParquetFiles parquet = ParquetFiles.read(out.resolve(funding.baseName() + ".parquet"));
        assertThat(parquet.schema().getFields()).extracting(f -> f.getName()).startsWith("time", "funding_rate");

        JsonNode jobs = JSON.readTree(get("/jobs").body());
        assertThat(jobs.get("jobs")).anySatisfy(job -> {
            assertThat(job.get("name").asText()).isEqualTo("export funding ETH");
            assertThat(job.get("state").asText()).isEqualTo("succeeded");
            assertThat(job.get("percent").asDouble()).isEqualTo(100.0);
            assertThat(job.get("rows").asLong()).isEqualTo(2);
        });
    }

    @Test
    void streamsParquetOverHttpAndDeletesTheSpoolFile(@TempDir Path out) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(
                "/export/merged/hyperliquid/ETH/USD/perps/1m?format=parquet&start_time=2026-03-04T09:00:00Z"
                        + "&end_time=2026-03-04T09:30:00Z"))).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
                assertThat(v).contains("hyperliquid_ETH_USD_perps_merged_1m_20260304T090000_20260304T093000.parquet"));
        Path file = out.resolve("download.parquet");
        Files.write(file, response.body());
        ParquetFiles parquet = ParquetFiles.read(file);
        assertThat(parquet.rows()).hasSize(30);
        assertThat(parquet.rows().get(0).getDouble("open_interest", 0)).isEqualTo(1234.5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> left = Files.list(spool)) {
                assertThat(left).isEmpty();
            }
        });
    }

    @Test
    void streamsCsvOverHttp() throws Exception {
        HttpResponse<String> response = get("/export/candles/hyperliquid/ETH/USD/perps/1m?start_time=2026-03-04");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        List<String> lines = response.body().lines().toList();
        assertThat(lines.get(0)).startsWith("open_time,close_time,open,high,low,close,volume");
        assertThat(lines).hasSize(61);
        assertThat(lines.get(1)).startsWith("2026-03-04T09:00:00Z,2026-03-04T09:00:59.999Z,100,101,99,100.5,1.25,");
    }

    @Test
    void rejectsBadExportParametersWith400() throws Exception {
        assertThat(get("/export/candles/hyperliquid/ETH/USD/perps/1m?format=xlsx").statusCode()).isEqualTo(400);
        assertThat(get("/export/candles/hyperliquid/ETH/USD/perps/7x").statusCode()).isEqualTo(400);
        assertThat(get("/export/funding/hyperliquid/ETH/USD/perps?start_time=2020-01-01&end_time=2026-01-01")
                .statusCode()).isEqualTo(400);
        assertThat(get("/export/funding/hyperliquid/ETH/USD/perps?start_time=2026-03-04&end_time=2026-03-03")
                .statusCode()).isEqualTo(400);
        assertThat(get("/export/open-interest/hyperliquid/NOPE/USD/perps").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
