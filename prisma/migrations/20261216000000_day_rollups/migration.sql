-- A day tier of the hour rollups: the same sums over the organisation's days. A view whose steps
-- are days (or one total over a long window) reads 24 times fewer rows than from the hours: a year
-- of a 278-node fleet is 2.4M GPU-hour rows against 100k GPU-day rows. Kept with the hour tier on
-- ingest (the batch's hour sums added per day) and re-derived from the hours wherever hours are
-- deleted or rebuilt (lib/db/ingest/viewRollupStore.ts). `bucket` is the day's start.
CREATE TABLE rollup_node_day (LIKE rollup_node_hour INCLUDING ALL) WITH (fillfactor = 50);
CREATE TABLE rollup_request_day (LIKE rollup_request_hour INCLUDING ALL);
CREATE TABLE rollup_request_hist_day (LIKE rollup_request_hist_hour INCLUDING ALL);
CREATE TABLE rollup_gpu_day (LIKE rollup_gpu_hour INCLUDING ALL) WITH (fillfactor = 50);

CREATE VIEW rollup_request_hist_day_bins AS
SELECT h.bucket, h.model_id, h.source, h.metric, (h.lo + u.i - 1)::smallint AS bin, u.weight
  FROM rollup_request_hist_day h, unnest(h.weights) WITH ORDINALITY AS u(weight, i)
 WHERE u.weight <> 0;

-- The organisation day the tier's rows are keyed by (one row). Null until the app keys the tier
-- (lib/db/ingest/syncDayTier.ts, at start-up and whenever the organisation's day changes): the
-- days come from the same code as the dashboard's day steps, so each step is one row. Keying
-- derives the days newest first; derived_from is the oldest day derived so far (null: all are).
CREATE TABLE day_rollup_grid (
    id           integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    time_zone    text,
    day_start    text,
    derived_from timestamptz
);
INSERT INTO day_rollup_grid (id) VALUES (1);
