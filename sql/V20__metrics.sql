-- DeFi and asset metrics (DefiLlama, Artemis): one standardized time series per (source, asset,
-- metric), with the source's own asset id and an uppercase metric name. Zero is a value.
CREATE TABLE metrics (
    source    text        NOT NULL,
    asset     text        NOT NULL,
    metric    text        NOT NULL CHECK (metric = upper(metric)),
    time      timestamptz NOT NULL,
    value     numeric     NOT NULL,
    pulled_at timestamptz NOT NULL,
    PRIMARY KEY (source, asset, metric, time)
);
SELECT hoard_time_series('metrics', 'time');
CREATE INDEX metrics_metric_time ON metrics (metric, time DESC);
