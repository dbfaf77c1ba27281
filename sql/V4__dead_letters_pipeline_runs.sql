-- Upstream payloads that could not be understood, kept with the reason.
CREATE TABLE dead_letters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text        NOT NULL,
    reason      text        NOT NULL,
    payload     text,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_source_time ON dead_letters (source, received_at DESC);

-- One row per pipeline run: what /health reports and what an operator audits.
CREATE TABLE pipeline_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pipeline     text        NOT NULL,
    period_start timestamptz,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('success', 'failed')),
    rows         integer     NOT NULL DEFAULT 0,
    detail       text
);
CREATE INDEX pipeline_runs_pipeline_time ON pipeline_runs (pipeline, outcome, finished_at DESC);
