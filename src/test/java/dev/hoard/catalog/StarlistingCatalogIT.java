package dev.hoard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hoard.HoardHome;
import dev.hoard.TestDatabase;
import dev.hoard.db.HoardDatabase;
import dev.hoard.model.CandleInterval;
import dev.hoard.sink.InstrumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class StarlistingCatalogIT {

    @TempDir
    Path dir;
    private TestDatabase database;
    private HoardDatabase hoardDatabase;
    private StarlistingCatalog catalog;
    private Path file;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        hoardDatabase = new HoardDatabase(database.url(), dir.resolve("unused"), 0, 2);
        hoardDatabase.start();
        file = dir.resolve("starlistings.yaml");
        catalog = catalogOf(HoardHome.file(file.toString()));
    }

    private StarlistingCatalog catalogOf(HoardHome.ConfigFile source) {
        return new StarlistingCatalog(source, hoardDatabase.dataSource(), new InstrumentStore(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        hoardDatabase.stop();
        database.close();
    }

    private void write(String... entries) throws Exception {
        Files.writeString(file, "starlistings:\n" + String.join("", entries));
    }

    private static String entry(String exchange, String coin, String quote, String intervals) {
        return "  - exchange: " + exchange + "\n    coin: " + coin + "\n    quote: " + quote
                + "\n    market_type: perps\n    intervals: [" + intervals + "]\n    funding: true\n    open_interest: false\n";
    }

    @Test
    void addsUpdatesAndDeactivatesWithoutDeletingData() throws Exception {
        write(entry("hyperliquid", "BTC", "USD", "1m, 1h"), entry("binance", "ETH", "USDT", "1M"));
        assertThat(catalog.sync()).isEqualTo(new StarlistingCatalog.SyncResult(2, 2, 0));
        assertThat(catalog.stored()).extracting(s -> s.instrument().symbol()).containsExactly("ETHUSDT", "BTC");

        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO funding_rates (instrument_id, time, funding_rate) SELECT id, now(), 0 FROM instruments WHERE coin = 'ETH'");
        }
        write(entry("hyperliquid", "BTC", "USD", "1m, 15m"));
        assertThat(catalog.sync()).isEqualTo(new StarlistingCatalog.SyncResult(1, 0, 1));

        List<Starlisting> stored = catalog.stored();
        assertThat(stored).filteredOn(s -> s.instrument().coin().equals("BTC")).singleElement().satisfies(s -> {
            assertThat(s.active()).isTrue();
            assertThat(s.intervals()).containsExactly(CandleInterval.M1, CandleInterval.M15);
            assertThat(s.funding()).isTrue();
            assertThat(s.openInterest()).isFalse();
        });
        assertThat(stored).filteredOn(s -> s.instrument().coin().equals("ETH")).singleElement()
                .satisfies(s -> assertThat(s.active()).isFalse());
        assertThat(catalog.active("binance")).isEmpty();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM funding_rates")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a deactivated entry keeps its data").isEqualTo(1);
        }
    }

    @Test
    void rejectsAnInvalidEntryNamingItsPosition() throws Exception {
        write(entry("hyperliquid", "BTC", "USD", "1m"), entry("kraken", "BTC", "USD", "1m"));
        assertThatThrownBy(() -> catalog.sync()).hasMessageContaining("starlistings[1]").hasMessageContaining("kraken");

        write(entry("hyperliquid", "BTC", "USD", "2m"));
        assertThatThrownBy(() -> catalog.sync()).hasMessageContaining("starlistings[0]").hasMessageContaining("2m");
        assertThat(catalog.stored()).isEmpty();
    }

    @Test
    void aCatalogMissingUnderHoardHomeIsReadFromTheCopyPackagedInHoard() throws Exception {
        HoardHome.ConfigFile packaged = HoardHome.file("config/packaged-only.yaml");
        assertThat(packaged.onDisk()).isFalse();
        assertThat(packaged.describe()).contains("config/packaged-only.yaml", "packaged");
        assertThat(catalogOf(packaged).sync()).isEqualTo(new StarlistingCatalog.SyncResult(1, 1, 0));
        assertThat(catalog.active("hyperliquid")).extracting(s -> s.instrument().coin()).containsExactly("ETH");
    }

    @Test
    void aMissingFileIsNamedAndAnEmptyCatalogIsAWarning() throws Exception {
        assertThatThrownBy(() -> catalog.sync()).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining(file.toString());

        Files.writeString(file, "starlistings: []\n");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(StarlistingCatalog.class);
        logger.addAppender(logs);
        try {
            assertThat(catalog.sync()).isEqualTo(new StarlistingCatalog.SyncResult(0, 0, 0));
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains(file.toString(), "no entries"));
    }
}
