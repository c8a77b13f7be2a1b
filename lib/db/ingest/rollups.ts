/**
 * Rollup SQL, shared by the incremental path (rows just inserted, in the same statement) and
 * the recompute path (after a replace or a job deletion). Every builder takes the name of a
 * relation with the raw table's columns and adds its rows to the rollups (additive upserts
 * in key order, so concurrent ingests lock rollup rows in the same order).
 */

/** Fixed log-scale histogram bin of a positive value: 20 bins per decade (DESIGN.md: same buckets everywhere). */
export const HIST_BINS_PER_DECADE = 20;
export const HIST_MIN_BIN = -40;
export const HIST_MAX_BIN = 140;
export const HIST_METRIC = { ttftMs: 1, outputSpeed: 2 } as const;
const histBin = (v: string) =>
  `CASE WHEN ${v} > 0 THEN greatest(${HIST_MIN_BIN}, least(${HIST_MAX_BIN}, floor(${HIST_BINS_PER_DECADE} * log(${v}::float8))))::smallint END`;

/**
 * CTEs adding requests of `rel` to rollup_request_minute and rollup_request_hist.
 * Output speed = (O - 1) / (finished_at - first_token_at) for O >= 2; TTFT = first_token_at - arrived_at.
 */
export function requestRollupCtes(rel: string): string {
  return `
req_x AS (
  SELECT date_trunc('minute', arrived_at) AS bucket, model_id, source, sample_weight AS w,
         input_tokens, cached_tokens, output_tokens,
         CASE WHEN output_tokens >= 2 AND finished_at > first_token_at
              THEN (output_tokens - 1) / extract(epoch FROM finished_at - first_token_at)::float8 END AS speed,
         CASE WHEN first_token_at IS NOT NULL
              THEN extract(epoch FROM first_token_at - arrived_at)::float8 * 1000 END AS ttft_ms
    FROM ${rel}
), req_minute AS (
  INSERT INTO rollup_request_minute AS t
    (bucket, model_id, source, requests, input_tokens, cached_tokens, output_tokens, kv_entries,
     speed_sum, speed_weight, ttft_ms_sum, ttft_weight)
  SELECT bucket, model_id, source, sum(w), sum(w * input_tokens), sum(w * cached_tokens), sum(w * output_tokens),
         -- average KV-cache length per output token: the k-th output token (from 0) sees I + k entries
         sum(w * (output_tokens * input_tokens + output_tokens * (output_tokens - 1) / 2)),
         coalesce(sum(w * speed), 0), coalesce(sum(w) FILTER (WHERE speed IS NOT NULL), 0),
         coalesce(sum(w * ttft_ms), 0), coalesce(sum(w) FILTER (WHERE ttft_ms IS NOT NULL), 0)
    FROM req_x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (bucket, model_id, source) DO UPDATE SET
    requests = t.requests + excluded.requests,
    input_tokens = t.input_tokens + excluded.input_tokens,
    cached_tokens = t.cached_tokens + excluded.cached_tokens,
    output_tokens = t.output_tokens + excluded.output_tokens,
    kv_entries = t.kv_entries + excluded.kv_entries,
    speed_sum = t.speed_sum + excluded.speed_sum,
    speed_weight = t.speed_weight + excluded.speed_weight,
    ttft_ms_sum = t.ttft_ms_sum + excluded.ttft_ms_sum,
    ttft_weight = t.ttft_weight + excluded.ttft_weight
  RETURNING 1
), req_hist AS (
  INSERT INTO rollup_request_hist AS t (bucket, model_id, source, metric, bin, weight)
  SELECT bucket, model_id, source, h.metric, h.bin, sum(w)
    FROM req_x CROSS JOIN LATERAL (VALUES
      (${HIST_METRIC.ttftMs}::smallint, ${histBin('ttft_ms')}),
      (${HIST_METRIC.outputSpeed}::smallint, ${histBin('speed')})) AS h(metric, bin)
   WHERE h.bin IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (bucket, model_id, source, metric, bin) DO UPDATE SET weight = t.weight + excluded.weight
  RETURNING 1
)`;
}

/**
 * CTEs adding GPU samples of `rel` to rollup_node_minute. A sample covers [ts - interval_s, ts)
 * and is split over the minutes it overlaps: counters by floor(x * f_hi) - floor(x * f_lo), f the
 * fraction of the interval elapsed at each edge, which telescopes back to x exactly; gauges as
 * value x overlap seconds. `keepPart` filters the (node_id, bucket) parts kept (recompute path).
 */
export function nodeMinuteRollupCtes(rel: string, keepPart = 'true'): string {
  const share = (col: string) =>
    `coalesce(floor(${col}::float8 * f_hi) - floor(${col}::float8 * f_lo), 0)::bigint`;
  const gauge = (col: string) => `coalesce(${col}::float8 * secs, 0)`;
  return `
gs_span AS (
  SELECT s.*, s.ts - s.interval_s * interval '1 second' AS start_at FROM ${rel} s
), gs_part AS (
  SELECT g.*, p.bucket,
         extract(epoch FROM p.hi - p.lo)::float8 AS secs,
         extract(epoch FROM p.lo - g.start_at)::float8 / extract(epoch FROM g.ts - g.start_at)::float8 AS f_lo,
         extract(epoch FROM p.hi - g.start_at)::float8 / extract(epoch FROM g.ts - g.start_at)::float8 AS f_hi
    FROM gs_span g CROSS JOIN LATERAL (
      SELECT b AS bucket, greatest(b, g.start_at) AS lo, least(b + interval '1 minute', g.ts) AS hi
        FROM generate_series(date_trunc('minute', g.start_at), g.ts - interval '1 microsecond', interval '1 minute') AS b
    ) p
), gs_minute AS (
  INSERT INTO rollup_node_minute AS t
    (bucket, node_id, role, samples, gpu_mask, gpu_seconds, input_tokens, cached_tokens, output_tokens,
     requests, dispatch_send_tokens, dispatch_recv_tokens, running_requests_s, kv_cache_tokens_s,
     kv_cache_capacity_s, util_pct_s, power_w_s, token_seconds)
  SELECT bucket, node_id, role, count(*), bit_or(1::bigint << gpu), sum(secs),
         sum(${share('input_tokens')}), sum(${share('cached_tokens')}), sum(${share('output_tokens')}),
         sum(${share('requests')}), sum(${share('dispatch_send_tokens')}), sum(${share('dispatch_recv_tokens')}),
         sum(${gauge('running_requests')}), sum(${gauge('kv_cache_tokens')}), sum(${gauge('kv_cache_capacity')}),
         sum(${gauge('util_pct')}), sum(${gauge('power_w')}),
         coalesce(sum(secs) FILTER (WHERE input_tokens IS NOT NULL OR output_tokens IS NOT NULL), 0)
    FROM gs_part WHERE ${keepPart}
   GROUP BY node_id, bucket, role ORDER BY node_id, bucket, role
  ON CONFLICT (node_id, bucket, role) DO UPDATE SET
    samples = t.samples + excluded.samples,
    gpu_mask = t.gpu_mask | excluded.gpu_mask,
    gpu_seconds = t.gpu_seconds + excluded.gpu_seconds,
    input_tokens = t.input_tokens + excluded.input_tokens,
    cached_tokens = t.cached_tokens + excluded.cached_tokens,
    output_tokens = t.output_tokens + excluded.output_tokens,
    requests = t.requests + excluded.requests,
    dispatch_send_tokens = t.dispatch_send_tokens + excluded.dispatch_send_tokens,
    dispatch_recv_tokens = t.dispatch_recv_tokens + excluded.dispatch_recv_tokens,
    running_requests_s = t.running_requests_s + excluded.running_requests_s,
    kv_cache_tokens_s = t.kv_cache_tokens_s + excluded.kv_cache_tokens_s,
    kv_cache_capacity_s = t.kv_cache_capacity_s + excluded.kv_cache_capacity_s,
    util_pct_s = t.util_pct_s + excluded.util_pct_s,
    power_w_s = t.power_w_s + excluded.power_w_s,
    token_seconds = t.token_seconds + excluded.token_seconds
  RETURNING 1
)`;
}
