package dev.hoard.sink;

import dev.hoard.model.Instrument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers instruments and resolves their ids, inside the caller's transaction. An instrument seen
 * again keeps its first-seen time; its last-seen time only moves forward, and its delisted flag
 * follows the exchange. Seeing the same thing twice changes nothing.
 */
public final class InstrumentStore {

    private static final String UPSERT = """
            INSERT INTO instruments AS i (exchange, symbol, coin, quote, market_type, delisted, first_seen, last_seen)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[]) AS u,
                          LATERAL (SELECT ?::timestamptz, ?::timestamptz) AS seen
            ON CONFLICT (exchange, symbol, market_type) DO UPDATE
               SET delisted = EXCLUDED.delisted,
                   last_seen = GREATEST(i.last_seen, EXCLUDED.last_seen),
                   first_seen = LEAST(i.first_seen, EXCLUDED.first_seen)
             WHERE i.delisted IS DISTINCT FROM EXCLUDED.delisted
                OR i.last_seen < EXCLUDED.last_seen
                OR i.first_seen > EXCLUDED.first_seen
            """;

    private static final String INSERT_MISSING = """
            INSERT INTO instruments (exchange, symbol, coin, quote, market_type, delisted, first_seen, last_seen)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[]) AS u,
                          LATERAL (SELECT ?::timestamptz, ?::timestamptz) AS seen
            ON CONFLICT DO NOTHING
            """;

    private static final String IDS = """
            SELECT id, exchange, symbol, market_type FROM instruments
             WHERE (exchange, symbol, market_type) IN
                   (SELECT * FROM unnest(?::text[], ?::text[], ?::text[]))
            """;

    /**
     * Upserts the instruments as listed by their exchange at {@code seenAt} (delisted flag and
     * last-seen time follow) and returns their ids by natural key.
     */
    public Map<InstrumentKey, Long> register(Connection connection, Collection<Instrument> instruments,
                                             Instant seenAt) throws SQLException {
        return write(connection, instruments, seenAt, UPSERT);
    }

    /**
     * Adds the instruments not stored yet and returns the ids of all of them; stored ones are left
     * as they are (a candle stream says nothing about listing status).
     */
    public Map<InstrumentKey, Long> ensure(Connection connection, Collection<Instrument> instruments,
                                           Instant seenAt) throws SQLException {
        return write(connection, instruments, seenAt, INSERT_MISSING);
    }

    private Map<InstrumentKey, Long> write(Connection connection, Collection<Instrument> instruments,
                                           Instant seenAt, String sql) throws SQLException {
        Map<InstrumentKey, Instrument> unique = new LinkedHashMap<>();
        for (Instrument instrument : instruments) {
            unique.put(InstrumentKey.of(instrument), instrument);
        }
        if (unique.isEmpty()) {
            return Map.of();
        }
        int n = unique.size();
        String[] exchange = new String[n];
        String[] symbol = new String[n];
        String[] coin = new String[n];
        String[] quote = new String[n];
        String[] marketType = new String[n];
        Boolean[] delisted = new Boolean[n];
        int i = 0;
        for (Instrument instrument : unique.values()) {
            exchange[i] = instrument.exchange();
            symbol[i] = instrument.symbol();
            coin[i] = instrument.coin();
            quote[i] = instrument.quote();
            marketType[i] = instrument.marketType();
            delisted[i] = instrument.delisted();
            i++;
        }
        Timestamp seen = Timestamp.from(seenAt);
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setArray(1, connection.createArrayOf("text", exchange));
            upsert.setArray(2, connection.createArrayOf("text", symbol));
            upsert.setArray(3, connection.createArrayOf("text", coin));
            upsert.setArray(4, connection.createArrayOf("text", quote));
            upsert.setArray(5, connection.createArrayOf("text", marketType));
            upsert.setArray(6, connection.createArrayOf("boolean", delisted));
            upsert.setTimestamp(7, seen);
            upsert.setTimestamp(8, seen);
            upsert.executeUpdate();
        }
        Map<InstrumentKey, Long> ids = new HashMap<>(n * 2);
        try (PreparedStatement select = connection.prepareStatement(IDS)) {
            select.setArray(1, connection.createArrayOf("text", exchange));
            select.setArray(2, connection.createArrayOf("text", symbol));
            select.setArray(3, connection.createArrayOf("text", marketType));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.put(new InstrumentKey(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The natural key of an instrument. */
    public record InstrumentKey(String exchange, String symbol, String marketType) {
        public static InstrumentKey of(Instrument instrument) {
            return new InstrumentKey(instrument.exchange(), instrument.symbol(), instrument.marketType());
        }
    }

}
