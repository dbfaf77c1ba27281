package dev.hoard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.TestDatabase;
import dev.hoard.db.HoardDatabase;
import dev.hoard.model.Candle;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.sink.MarketBatch.Cursor;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Candle finality and field merging on real PostgreSQL. */
class MarketDataWriterIT {

    private static final Instrument BTC = Instrument.hyperliquidPerp("BTC", false);
    private static final Instant OPEN = Instant.parse("2026-01-01T10:00:00Z");
    private static TestDatabase database;
    private static HoardDatabase hoardDatabase;
    private static MarketDataWriter writer;

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        hoardDatabase = new HoardDatabase(database.url(), Path.of("unused"), 0, 2);
        hoardDatabase.start();
        writer = new MarketDataWriter(hoardDatabase.dataSource(), new BulkUpsertWriter(),
                new InstrumentIds(new InstrumentStore(), Clock.systemUTC()));
    }

    @BeforeEach
    void clean() throws SQLException {
        execute("TRUNCATE candles, funding_rates, data_quality_events, backfill_cursors");
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        hoardDatabase.stop();
        database.close();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Candle candle(String close, boolean isFinal, String source) {
        return new Candle(BTC, CandleInterval.M1, OPEN, CandleInterval.M1.closeTime(OPEN), new BigDecimal("100"),
                new BigDecimal("110"), new BigDecimal("90"), new BigDecimal(close), new BigDecimal("2.5"), null, 7L,
                null, null, isFinal, source);
    }

    @Test
    void aProvisionalCandleNeverReplacesAFinalOne() throws SQLException {
        writer.write(MarketBatch.ofCandles(List.of(candle("101", false, "ws"))));
        writer.write(MarketBatch.ofCandles(List.of(candle("102", true, "ws"))));
        assertThat(writer.write(MarketBatch.ofCandles(List.of(candle("103", false, "rest"))))).isZero();

        assertThat(query("SELECT close || '/' || is_final || '/' || source FROM candles")).isEqualTo("102/true/ws");
    }

    @Test
    void aDisagreeingFinalIsKeptOutAndRecordedAsADataQualityEvent() throws SQLException {
        writer.write(MarketBatch.ofCandles(List.of(candle("102", true, "ws"))));
        writer.write(MarketBatch.ofCandles(List.of(candle("102", true, "rest"))));
        assertThat(query("SELECT count(*) FROM data_quality_events")).as("agreeing reports").isEqualTo("0");

        writer.write(MarketBatch.ofCandles(List.of(candle("102.5", true, "rest"))));

        assertThat(query("SELECT close || '/' || source FROM candles")).isEqualTo("102/ws");
        assertThat(query("SELECT kind || ': ' || detail FROM data_quality_events"))
                .startsWith("final-candle-mismatch: final candle reported by rest differs from the stored ws final")
                .contains("100/110/90/102/2.5/7").contains("100/110/90/102.5/2.5/7");
    }

    @Test
    void fundingMergesSoNeitherSourceErasesTheOther() throws SQLException {
        FundingRate live = new FundingRate(BTC, OPEN, new BigDecimal("0.0001"), null, new BigDecimal("64000.5"), null,
                null, null, null, null, null, null);
        FundingRate history = new FundingRate(BTC, OPEN, null, new BigDecimal("0.0"), null, null, null, null, null, null,
                null, null);
        writer.write(new MarketBatch(List.of(), List.of(live), List.of(), List.of()));
        writer.write(new MarketBatch(List.of(), List.of(history), List.of(), List.of()));

        assertThat(query("SELECT funding_rate || '/' || premium || '/' || mark_price FROM funding_rates"))
                .isEqualTo("0.0001/0.0/64000.5");
    }

    @Test
    void cursorsExtendWhenContiguousAndMoveWithTheirRows() throws SQLException {
        Instant day = Instant.parse("2026-01-01T00:00:00Z");
        writer.write(MarketBatch.ofCandles(List.of(candle("101", true, "rest")))
                .withCursors(List.of(new Cursor("candles", BTC, "1m", day, OPEN))));
        writer.write(MarketBatch.ofCandles(List.of()).withCursors(List.of(new Cursor("candles", BTC, "1m", OPEN, OPEN.plusSeconds(60)))));

        assertThat(query("SELECT covered_from || ' ' || covered_until FROM backfill_cursors"))
                .isEqualTo("2026-01-01 00:00:00+00 2026-01-01 10:01:00+00");
    }
}
