package dev.hoard.sink;

import dev.hoard.model.Instrument;
import dev.hoard.sink.InstrumentStore.InstrumentKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instrument ids for the hot write paths. Ids never change once assigned (instruments are never
 * deleted), so known ones are served from memory; unknown ones are registered inside the caller's
 * transaction and remembered only once it has committed ({@link #remember}).
 */
public final class InstrumentIds {

    private final InstrumentStore store;
    private final Clock clock;
    private final Map<InstrumentKey, Long> known = new ConcurrentHashMap<>();

    public InstrumentIds(InstrumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Ids of every instrument, registering the ones not known yet in {@code connection}'s transaction. */
    public Map<InstrumentKey, Long> resolve(Connection connection, Collection<Instrument> instruments)
            throws SQLException {
        Map<InstrumentKey, Long> ids = new HashMap<>();
        Map<InstrumentKey, Instrument> missing = new LinkedHashMap<>();
        for (Instrument instrument : instruments) {
            InstrumentKey key = InstrumentKey.of(instrument);
            Long id = known.get(key);
            if (id != null) {
                ids.put(key, id);
            } else {
                missing.put(key, instrument);
            }
        }
        if (!missing.isEmpty()) {
            ids.putAll(store.ensure(connection, missing.values(), clock.instant()));
        }
        return ids;
    }

    /** Call after the transaction that resolved {@code ids} has committed. */
    public void remember(Map<InstrumentKey, Long> ids) {
        known.putAll(ids);
    }
}
