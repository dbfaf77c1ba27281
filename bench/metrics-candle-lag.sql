-- Data for the candle-lag benchmark of BENCHMARKS.md, in a scratch database that Hoard has migrated
-- (DATABASE_URL=… java -jar target/hoard.jar verify): 500 instruments × 1m, 1h, 1,000+ candles each,
-- the newest 10 minutes provisional; then the two timed queries.
INSERT INTO instruments (exchange, symbol, coin, quote, market_type, first_seen, last_seen)
SELECT 'binance', 'C' || g || 'USDT', 'C' || g, 'USDT', 'perps', now(), now() FROM generate_series(1, 500) g;
INSERT INTO starlistings (instrument_id, intervals, collect_funding, collect_open_interest, synced_at)
SELECT id, ARRAY['1m','1h'], false, false, now() FROM instruments ON CONFLICT DO NOTHING;
INSERT INTO candles (instrument_id, interval, open_time, close_time, open, high, low, close, volume, is_final, source)
SELECT i.id, iv, t, t + (CASE iv WHEN '1m' THEN interval '1 minute' ELSE interval '1 hour' END) - interval '1 millisecond',
       1, 1, 1, 1, 1, t < now() - interval '10 minutes', 'bench'
  FROM instruments i CROSS JOIN unnest(ARRAY['1m','1h']) iv
  CROSS JOIN LATERAL generate_series(now() - interval '1000 minutes' * (CASE iv WHEN '1m' THEN 1 ELSE 60 END),
                                     now(), CASE iv WHEN '1m' THEN interval '1 minute' ELSE interval '1 hour' END) t;
VACUUM ANALYZE candles;
\timing on
-- what CandleLagMeters runs (twice: the second is the steady state), its rows discarded
\o /dev/null
\i src/main/resources/dev/hoard/ops/candle-lag.sql
\i src/main/resources/dev/hoard/ops/candle-lag.sql
\o
-- the naive alternative
SELECT count(*) FROM (SELECT c.instrument_id, c.interval, max(c.close_time) FROM candles c
                       WHERE c.is_final GROUP BY 1, 2) q;
