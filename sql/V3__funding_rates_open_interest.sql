CREATE TABLE funding_rates (
    instrument_id     bigint      NOT NULL REFERENCES instruments (id),
    time              timestamptz NOT NULL,
    funding_rate      numeric,
    premium           numeric,
    mark_price        numeric,
    oracle_price      numeric,
    mid_price         numeric,
    index_price       numeric,
    impact_bid_price  numeric,
    impact_ask_price  numeric,
    prev_day_price    numeric,
    next_funding_time timestamptz,
    received_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instrument_id, time)
);
SELECT hoard_time_series('funding_rates', 'time');

CREATE TABLE open_interest (
    instrument_id       bigint      NOT NULL REFERENCES instruments (id),
    time                timestamptz NOT NULL,
    open_interest       numeric,
    open_interest_value numeric,
    day_base_volume     numeric,
    day_notional_volume numeric,
    received_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instrument_id, time)
);
SELECT hoard_time_series('open_interest', 'time');
