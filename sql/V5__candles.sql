-- OHLCV candles of every exchange. A final candle (is_final) never changes again; provisional rows
-- are updated while the candle forms. Values an exchange does not give stay NULL.
CREATE TABLE candles (
    instrument_id          bigint      NOT NULL REFERENCES instruments (id),
    interval               text        NOT NULL,
    open_time              timestamptz NOT NULL,
    close_time             timestamptz NOT NULL,
    open                   numeric     NOT NULL,
    high                   numeric     NOT NULL,
    low                    numeric     NOT NULL,
    close                  numeric     NOT NULL,
    volume                 numeric     NOT NULL,
    quote_volume           numeric,
    trades                 bigint,
    taker_buy_base_volume  numeric,
    taker_buy_quote_volume numeric,
    is_final               boolean     NOT NULL,
    source                 text        NOT NULL,
    received_at            timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instrument_id, interval, open_time)
);
SELECT hoard_time_series('candles', 'open_time');

-- Two reports of the same final candle that disagree (REST vs WebSocket, say): the first stays.
CREATE TABLE data_quality_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text        NOT NULL,
    instrument_id bigint      REFERENCES instruments (id),
    interval      text,
    time          timestamptz,
    detail        text        NOT NULL,
    detected_at   timestamptz NOT NULL DEFAULT now()
);
