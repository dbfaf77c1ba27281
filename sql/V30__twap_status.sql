-- Hyperliquid TWAP statuses (UPSTREAMS.md §5), one row per status change of a TWAP, loaded from
-- parquet objects. ts is the time of the status event; twap_id and wallet (the TWAP's user) identify it.
CREATE TABLE twap_status (
    twap_id           bigint      NOT NULL,
    wallet            text        NOT NULL,
    ts                timestamptz NOT NULL,
    asset             text,
    side              text,
    size_requested    numeric,
    size_executed     numeric,
    notional_executed numeric,
    status            text,
    duration_minutes  integer,
    reduce_only       boolean,
    randomize         boolean,
    s3_object_key     text        NOT NULL,
    raw_payload       jsonb,
    inserted_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (twap_id, wallet, ts)
);
-- GET /api/v1/twaps?wallet=…&start=…&end=…: a wallet's rows by time.
CREATE INDEX twap_status_wallet_ts ON twap_status (wallet, ts DESC);
-- The primary key serves GET /api/v1/twaps/{twap_id}: it leads with twap_id.

-- One row per object version ingested (or tried): an object is skipped while a row with its ETag and
-- no error exists; an object whose ETag changed is a new row; a failed try is retried next run.
CREATE TABLE etl_s3_ingest_log (
    source        text        NOT NULL,
    object_key    text        NOT NULL,
    etag          text        NOT NULL,
    last_modified timestamptz,
    size_bytes    bigint,
    rows          bigint      NOT NULL DEFAULT 0,
    rows_inserted bigint      NOT NULL DEFAULT 0,
    rows_rejected bigint      NOT NULL DEFAULT 0,
    error         text,
    ingested_at   timestamptz NOT NULL,
    PRIMARY KEY (source, object_key, etag)
);
CREATE INDEX etl_s3_ingest_log_time ON etl_s3_ingest_log (ingested_at DESC);
