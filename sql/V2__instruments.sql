CREATE TABLE instruments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exchange    text        NOT NULL,
    symbol      text        NOT NULL,
    coin        text        NOT NULL,
    quote       text        NOT NULL,
    market_type text        NOT NULL,
    active      boolean     NOT NULL DEFAULT true,
    delisted    boolean     NOT NULL DEFAULT false,
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    CONSTRAINT instruments_natural_key UNIQUE (exchange, symbol, market_type),
    CONSTRAINT instruments_listing_key UNIQUE (exchange, coin, quote, market_type)
);
