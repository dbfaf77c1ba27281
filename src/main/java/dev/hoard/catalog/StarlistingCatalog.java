package dev.hoard.catalog;

import dev.hoard.HoardHome;
import dev.hoard.model.CandleInterval;
import dev.hoard.model.Instrument;
import dev.hoard.sink.InstrumentStore;
import dev.hoard.sink.InstrumentStore.InstrumentKey;
import dev.hoard.sink.Transactions;
import java.io.IOException;
import java.io.Reader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The catalog of what to collect ({@code config/starlistings.yaml}), and its copy in the database.
 * Syncing adds new entries, updates changed ones, and deactivates entries no longer in the file;
 * nothing is ever deleted, and the data of a deactivated entry stays. The file is read under
 * HOARD_HOME, else from the copy packaged in Hoard ({@link HoardHome#file}).
 */
public final class StarlistingCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(StarlistingCatalog.class);
    private static final Set<String> EXCHANGES = Set.of("hyperliquid", "binance");
    private static final Set<String> MARKET_TYPES = Set.of("perps", "spot");

    private final HoardHome.ConfigFile file;
    private final DataSource dataSource;
    private final InstrumentStore instruments;
    private final Clock clock;

    public StarlistingCatalog(HoardHome.ConfigFile file, DataSource dataSource, InstrumentStore instruments, Clock clock) {
        this.file = file;
        this.dataSource = dataSource;
        this.instruments = instruments;
        this.clock = clock;
    }

    /** What the sync did. */
    public record SyncResult(int entries, int added, int deactivated) {
    }

    /** Where the catalog is read from. */
    public HoardHome.ConfigFile file() {
        return file;
    }

    /**
     * Reads and validates the catalog file; an invalid entry fails the whole read with its position.
     * Without a database: one-shot commands plan from it before anything starts.
     */
    public List<Starlisting> read() throws IOException {
        return read(file);
    }

    /** {@link #read()} of a catalog file that no database backs. */
    public static List<Starlisting> read(HoardHome.ConfigFile file) throws IOException {
        Object root;
        try (Reader reader = file.open()) {
            root = new Load(LoadSettings.builder().build()).loadFromReader(reader);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root instanceof Map<?, ?> empty && empty.containsKey("starlistings")
                && empty.get("starlistings") == null) {
            return List.of(); // an empty file, or "starlistings:" with nothing under it
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("starlistings") instanceof List<?> entries)) {
            throw new IllegalArgumentException(file + ": expected a top-level 'starlistings:' list");
        }
        List<Starlisting> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                result.add(entry(entries.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": starlistings[" + i + "]: " + e.getMessage());
            }
        }
        return result;
    }

    private static Starlisting entry(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a mapping");
        }
        String exchange = required(map, "exchange");
        if (!EXCHANGES.contains(exchange)) {
            throw new IllegalArgumentException("unknown exchange " + exchange + "; expected one of " + EXCHANGES);
        }
        String coin = required(map, "coin");
        String quote = required(map, "quote");
        String marketType = required(map, "market_type");
        if (!MARKET_TYPES.contains(marketType)) {
            throw new IllegalArgumentException("unknown market_type " + marketType);
        }
        List<CandleInterval> intervals = new ArrayList<>();
        Object rawIntervals = map.get("intervals");
        if (rawIntervals instanceof List<?> list) {
            for (Object interval : list) {
                intervals.add(CandleInterval.parse(String.valueOf(interval)));
            }
        } else if (rawIntervals != null) {
            throw new IllegalArgumentException("intervals must be a list such as [1m, 1h]");
        }
        Instrument instrument = new Instrument(exchange, Starlisting.symbolOf(exchange, coin, quote), coin, quote,
                marketType, false);
        return new Starlisting(instrument, intervals, flag(map, "funding"), flag(map, "open_interest"), true);
    }

    private static String required(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value.toString().trim();
    }

    private static boolean flag(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }

    /** Brings the database in line with the file, in one transaction. */
    public SyncResult sync() throws IOException, SQLException {
        List<Starlisting> entries = read();
        if (entries.isEmpty()) {
            LOG.warn("Catalog {} has no entries: no stream subscribes and backfills need --coins or --symbols", file);
        }
        Instant now = clock.instant();
        SyncResult result = Transactions.inTransaction(dataSource, connection -> {
            Map<InstrumentKey, Long> ids = instruments.ensure(connection,
                    entries.stream().map(Starlisting::instrument).toList(), now);
            int added = 0;
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO starlistings AS s (instrument_id, intervals, collect_funding, collect_open_interest, active, synced_at)
                    VALUES (?, ?, ?, ?, true, ?)
                    ON CONFLICT (instrument_id) DO UPDATE
                       SET intervals = EXCLUDED.intervals, collect_funding = EXCLUDED.collect_funding,
                           collect_open_interest = EXCLUDED.collect_open_interest, active = true, synced_at = EXCLUDED.synced_at
                    RETURNING (xmax = 0)""")) {
                for (Starlisting entry : entries) {
                    upsert.setLong(1, ids.get(InstrumentKey.of(entry.instrument())));
                    upsert.setArray(2, connection.createArrayOf("text",
                            entry.intervals().stream().map(CandleInterval::code).toArray()));
                    upsert.setBoolean(3, entry.funding());
                    upsert.setBoolean(4, entry.openInterest());
                    upsert.setTimestamp(5, Timestamp.from(now));
                    try (ResultSet rs = upsert.executeQuery()) {
                        rs.next();
                        added += rs.getBoolean(1) ? 1 : 0;
                    }
                }
            }
            int deactivated;
            try (PreparedStatement deactivate = connection.prepareStatement(
                    "UPDATE starlistings SET active = false, synced_at = ? WHERE active AND NOT (instrument_id = ANY (?))")) {
                deactivate.setTimestamp(1, Timestamp.from(now));
                Array keep = connection.createArrayOf("bigint", ids.values().toArray());
                deactivate.setArray(2, keep);
                deactivated = deactivate.executeUpdate();
            }
            return new SyncResult(entries.size(), added, deactivated);
        });
        LOG.info("Catalog {} synced: {} entries, {} added, {} deactivated", file, result.entries(), result.added(),
                result.deactivated());
        return result;
    }

    /** Every starlisting in the database, active or not, by exchange and coin. */
    public List<Starlisting> stored() throws SQLException {
        return query("", null);
    }

    /** The active starlistings of one exchange. */
    public List<Starlisting> active(String exchange) throws SQLException {
        return query(" WHERE s.active AND i.exchange = ?", exchange);
    }

    private List<Starlisting> query(String where, String exchange) throws SQLException {
        List<Starlisting> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT i.exchange, i.symbol, i.coin, i.quote, i.market_type, i.delisted,
                            s.intervals, s.collect_funding, s.collect_open_interest, s.active
                       FROM starlistings s JOIN instruments i ON i.id = s.instrument_id""" + where
                     + " ORDER BY i.exchange, i.coin, i.quote, i.market_type")) {
            if (exchange != null) {
                select.setString(1, exchange);
            }
            ResultSet rs = select.executeQuery();
            while (rs.next()) {
                List<CandleInterval> intervals = new ArrayList<>();
                for (String code : (String[]) rs.getArray(7).getArray()) {
                    intervals.add(CandleInterval.parse(code));
                }
                result.add(new Starlisting(new Instrument(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBoolean(6)), intervals, rs.getBoolean(8),
                        rs.getBoolean(9), rs.getBoolean(10)));
            }
        }
        return result;
    }
}
