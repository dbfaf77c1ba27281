-- The newest final candle of every catalog series (ops/CandleLagMeters: hoard_candle_lag_seconds),
-- one primary-key probe per series. bench/metrics-candle-lag.sql times it.
SELECT i.exchange, i.symbol, iv.interval, newest.close_time
  FROM starlistings s
  JOIN instruments i ON i.id = s.instrument_id
 CROSS JOIN LATERAL unnest(s.intervals) AS iv(interval)
 CROSS JOIN LATERAL (SELECT c.close_time FROM candles c
                      WHERE c.instrument_id = s.instrument_id AND c.interval = iv.interval AND c.is_final
                      ORDER BY c.open_time DESC LIMIT 1) newest
 WHERE s.active
 ORDER BY 1, 2, 3;
