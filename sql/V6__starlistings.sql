-- What the catalog (config/starlistings.yaml) says to collect, synced at start-up and on request.
-- An entry removed from the catalog is deactivated, never deleted, and its data stays.
CREATE TABLE starlistings (
    instrument_id         bigint      PRIMARY KEY REFERENCES instruments (id),
    intervals             text[]      NOT NULL,
    collect_funding       boolean     NOT NULL,
    collect_open_interest boolean     NOT NULL,
    active                boolean     NOT NULL DEFAULT true,
    synced_at             timestamptz NOT NULL
);

-- Resume pointers of backfills, moved in the same transaction as the rows they cover: everything
-- of (dataset, instrument, interval) in [covered_from, covered_until) is stored.
CREATE TABLE backfill_cursors (
    dataset       text        NOT NULL,
    instrument_id bigint      NOT NULL REFERENCES instruments (id),
    interval      text        NOT NULL DEFAULT '',
    covered_from  timestamptz NOT NULL,
    covered_until timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset, instrument_id, interval)
);
