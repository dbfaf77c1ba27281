-- Every metric pull of one catalog entry (or of a whole catalog that could not be read: asset and
-- metric NULL). A successful pull's row is written in the same transaction as its rows.
CREATE TABLE pulls (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text        NOT NULL,
    asset       text,
    metric      text,
    mode        text        NOT NULL CHECK (mode IN ('live', 'backfill')),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    status      text        NOT NULL CHECK (status IN ('success', 'error', 'no_data')),
    records     integer     NOT NULL DEFAULT 0,
    error       text
);
CREATE INDEX pulls_source_mode_time ON pulls (source, mode, started_at DESC);

-- Per catalog entry, the last UTC day its backfill has covered: the next backfill starts the day after.
CREATE TABLE metric_cursors (
    source             text        NOT NULL,
    asset              text        NOT NULL,
    metric             text        NOT NULL,
    backfilled_through date        NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (source, asset, metric)
);
