-- The long jobs of every Hoard process (backfills, exports, ETL runs), so that the service's GET /jobs
-- and /metrics show the progress of a CLI job running in another process. Each process writes its own
-- rows (jobs.JobRegistry) and touches heartbeat_at every few seconds while a job runs; a running row
-- whose heartbeat has stopped belongs to a process that died, and is reported as lost.
CREATE TABLE jobs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text             NOT NULL,
    process         text             NOT NULL,
    state           text             NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    percent         double precision NOT NULL DEFAULT 0,
    rows            bigint           NOT NULL DEFAULT 0,
    rows_per_second double precision NOT NULL DEFAULT 0,
    eta_seconds     bigint,
    error           text,
    started_at      timestamptz      NOT NULL,
    finished_at     timestamptz,
    heartbeat_at    timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX jobs_running ON jobs (id) WHERE state = 'running';
