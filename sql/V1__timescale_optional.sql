-- TimescaleDB is optional. When the extension can be loaded, time-series tables become
-- hypertables; otherwise they stay plain tables whose primary keys already lead with the
-- instrument and end with the time, which is the index every query here uses.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS timescaledb;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'TimescaleDB is installed but cannot be loaded (%); using plain tables', SQLERRM;
        END;
    END IF;
END
$$;

-- Called by every migration that creates a time-series table.
CREATE OR REPLACE FUNCTION hoard_time_series(tbl regclass, time_column name) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable(tbl, time_column, if_not_exists => TRUE, migrate_data => TRUE);
    END IF;
END
$$;
