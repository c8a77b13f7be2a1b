-- A day tier of the hour rollups: the same sums over whole UTC days. A view whose steps are whole
-- UTC days (or one total over a long window) reads 24 times fewer rows than from the hours: a year
-- of a 278-node fleet is 2.4M node-hours of GPUs against 100k GPU-days. Kept with the hour tier on
-- ingest (the batch's hour sums added per day) and re-derived from the hours wherever hours are
-- deleted or rebuilt (lib/db/ingest/viewRollupStore.ts).
CREATE TABLE rollup_node_day (LIKE rollup_node_hour INCLUDING ALL) WITH (fillfactor = 50);
CREATE TABLE rollup_request_day (LIKE rollup_request_hour INCLUDING ALL);
CREATE TABLE rollup_request_hist_day (LIKE rollup_request_hist_hour INCLUDING ALL);
CREATE TABLE rollup_gpu_day (LIKE rollup_gpu_hour INCLUDING ALL) WITH (fillfactor = 50);

CREATE VIEW rollup_request_hist_day_bins AS
SELECT h.bucket, h.model_id, h.source, h.metric, (h.lo + u.i - 1)::smallint AS bin, u.weight
  FROM rollup_request_hist_day h, unnest(h.weights) WITH ORDINALITY AS u(weight, i)
 WHERE u.weight <> 0;

-- Databases that already hold data get their day tier from the hour rows (exact: sums).
INSERT INTO rollup_node_day (bucket, node_id, role, samples, gpu_mask, gpu_seconds, input_tokens, cached_tokens, output_tokens,
                             requests, dispatch_send_tokens, dispatch_recv_tokens, running_requests_s, kv_cache_tokens_s,
                             kv_cache_capacity_s, util_pct_s, power_w_s, token_seconds, energy_j)
SELECT date_trunc('day', bucket, 'UTC'), node_id, role, sum(samples), bit_or(gpu_mask), sum(gpu_seconds), sum(input_tokens),
       sum(cached_tokens), sum(output_tokens), sum(requests), sum(dispatch_send_tokens), sum(dispatch_recv_tokens),
       sum(running_requests_s), sum(kv_cache_tokens_s), sum(kv_cache_capacity_s), sum(util_pct_s), sum(power_w_s),
       sum(token_seconds), sum(energy_j)
  FROM rollup_node_hour GROUP BY 1, 2, 3;

INSERT INTO rollup_request_day (bucket, model_id, source, requests, input_tokens, cached_tokens, output_tokens, kv_entries,
                                speed_sum, speed_weight, ttft_ms_sum, ttft_weight)
SELECT date_trunc('day', bucket, 'UTC'), model_id, source, sum(requests), sum(input_tokens), sum(cached_tokens),
       sum(output_tokens), sum(kv_entries), sum(speed_sum), sum(speed_weight), sum(ttft_ms_sum), sum(ttft_weight)
  FROM rollup_request_hour GROUP BY 1, 2, 3;

INSERT INTO rollup_request_hist_day (bucket, model_id, source, metric, lo, weights)
SELECT g.bucket, g.model_id, g.source, g.metric, g.lo,
       (SELECT array_agg(coalesce(w.weight, 0) ORDER BY b)
          FROM generate_series(g.lo::integer, g.hi::integer) AS b
          LEFT JOIN (SELECT bin, sum(weight) AS weight FROM rollup_request_hist_hour_bins h
                      WHERE date_trunc('day', h.bucket, 'UTC') = g.bucket
                        AND (h.model_id, h.source, h.metric) = (g.model_id, g.source, g.metric)
                      GROUP BY bin) w ON w.bin = b)
  FROM (SELECT date_trunc('day', bucket, 'UTC') AS bucket, model_id, source, metric, min(bin) AS lo, max(bin) AS hi
          FROM rollup_request_hist_hour_bins GROUP BY 1, 2, 3, 4) AS g;

INSERT INTO rollup_gpu_day (bucket, node_id, gpu, role, gpu_seconds, input_tokens, cached_tokens, output_tokens, requests,
                            dispatch_recv_tokens, running_requests_s, kv_cache_tokens_s, kv_cache_capacity_s)
SELECT date_trunc('day', bucket, 'UTC'), node_id, gpu, role, sum(gpu_seconds), sum(input_tokens), sum(cached_tokens),
       sum(output_tokens), sum(requests), sum(dispatch_recv_tokens), sum(running_requests_s), sum(kv_cache_tokens_s),
       sum(kv_cache_capacity_s)
  FROM rollup_gpu_hour GROUP BY 1, 2, 3, 4;
