import type { Objective } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { GPU_TIERS, hourPerStep, IN_WINDOW_SQL, NODE_FILTER_SQL, STEP_SQL, tieredSource } from './sql';

const GPU_SUMS = `sum(gpu_seconds) AS gpu_seconds, sum(input_tokens)::float8 AS input_tokens, sum(output_tokens)::float8 AS output_tokens,
  sum(dispatch_recv_tokens)::float8 AS dispatch_recv_tokens, sum(running_requests_s) AS running_requests_s,
  sum(kv_cache_tokens_s) AS kv_cache_tokens_s, sum(kv_cache_capacity_s) AS kv_cache_capacity_s`;
const GPU_COLUMNS = `gpu_seconds, input_tokens::float8 AS input_tokens, output_tokens::float8 AS output_tokens,
  dispatch_recv_tokens::float8 AS dispatch_recv_tokens, running_requests_s, kv_cache_tokens_s, kv_cache_capacity_s`;

/** Per GPU of role $5 and step: the GPU rollups' sums (nodes $4), as (step, node_id, gpu, gpu_seconds, …). */
export function rollupGpuStepsSql(steps: Steps): string {
  const where = `${IN_WINDOW_SQL('bucket')} AND role = $5 AND ${NODE_FILTER_SQL('node_id', 4)}`;
  if (hourPerStep(steps)) return `SELECT ${STEP_SQL('bucket')} AS step, node_id, gpu, ${GPU_COLUMNS} FROM rollup_gpu_hour WHERE ${where}`;
  return `SELECT ${STEP_SQL('bucket')} AS step, node_id, gpu, ${GPU_SUMS}
            FROM ${tieredSource(steps, GPU_TIERS)} WHERE ${where} GROUP BY 1, 2, 3`;
}

/** Per prefill GPU and step: Σ attention of the 10-minute rollup (nodes $4). */
export const ROLLUP_ATTENTION_STEPS_SQL = `SELECT ${STEP_SQL('bucket')} AS step, node_id, gpu, sum(attention) AS attention
    FROM rollup_gpu_attention_10min WHERE ${IN_WINDOW_SQL('bucket')} AND ${NODE_FILTER_SQL('node_id', 4)} GROUP BY 1, 2, 3`;

/** A GPU's value of an objective over a step: per-second counters and time-weighted gauges, or attention load. */
export const OBJECTIVE_SQL: Record<Objective, string> = {
  input: 'input_tokens / gpu_seconds',
  kv: 'kv_cache_tokens_s / gpu_seconds',
  running: 'running_requests_s / gpu_seconds',
  recv: 'dispatch_recv_tokens / gpu_seconds',
  attention: 'attention',
};

/**
 * Each GPU against the mean GPU of its step (value ÷ mean), the GPUs ranked by their average
 * ratio (stragglers first), the top $6 with their per-step ratios. `values` yields
 * (step, node_id, gpu, value).
 */
export function gpuRankSql(values: string): string {
  return `WITH v AS (${values}),
    m AS (SELECT step, avg(value) AS mean FROM v GROUP BY step),
    r AS (SELECT v.step, v.node_id, v.gpu, v.value, CASE WHEN m.mean <> 0 THEN v.value / m.mean END AS ratio FROM v JOIN m USING (step)),
    g AS (SELECT node_id, gpu, avg(ratio) AS mean_ratio, max(ratio) AS peak_ratio, avg(value) AS mean_value FROM r GROUP BY 1, 2),
    top AS (SELECT g.*, n.name, count(*) OVER () AS gpus FROM g JOIN node n ON n.id = g.node_id
             ORDER BY g.mean_ratio DESC NULLS LAST, n.name, g.gpu LIMIT $6)
    SELECT top.name AS node, top.gpu, top.mean_ratio AS "meanRatio", top.peak_ratio AS "peakRatio", top.mean_value AS "meanValue",
           top.gpus::int AS gpus, r.step, r.ratio
      FROM top JOIN r USING (node_id, gpu)
     ORDER BY top.mean_ratio DESC NULLS LAST, top.name, top.gpu, r.step`;
}

/**
 * Decode KV usage over the window per GPU (time-weighted KV tokens ÷ capacity): the fullest $6
 * GPUs, the GPUs per tenth of usage, and the fullest GPU per step. `gpuSteps` is a GPU step source,
 * read once (a CTE used twice is materialised) and grouped per GPU and per step.
 */
export function kvUsageSql(gpuSteps: string): string {
  // Two groupings of one CTE rather than GROUPING SETS, which Citus does not run over shards.
  return `WITH s AS (${gpuSteps}),
    per_gpu AS (
      SELECT node_id, gpu, sum(kv_cache_tokens_s) FILTER (WHERE gpu_seconds > 0) AS kv_s,
             sum(kv_cache_capacity_s) FILTER (WHERE gpu_seconds > 0) AS capacity_s, sum(gpu_seconds) FILTER (WHERE gpu_seconds > 0) AS gpu_s
        FROM s GROUP BY node_id, gpu),
    per_step AS (
      SELECT step, max(kv_cache_tokens_s / kv_cache_capacity_s) FILTER (WHERE kv_cache_capacity_s > 0) AS step_max,
             count(*) FILTER (WHERE kv_cache_capacity_s > 0) AS with_capacity
        FROM s GROUP BY step),
    g AS (SELECT node_id, gpu, kv_s / gpu_s AS kv, capacity_s / gpu_s AS capacity FROM per_gpu WHERE gpu_s IS NOT NULL),
    u AS (SELECT g.*, CASE WHEN capacity > 0 THEN kv / capacity END AS usage FROM g)
    SELECT * FROM (
      SELECT 'gpu' AS kind, n.name AS node, u.gpu, NULL::int AS step, u.kv, u.capacity, u.usage, NULL::int AS gpus
        FROM u JOIN node n ON n.id = u.node_id WHERE u.usage IS NOT NULL ORDER BY u.usage DESC, n.name, u.gpu LIMIT $6) fullest
    UNION ALL
    SELECT 'tenth', NULL, NULL, least(10, floor(usage * 10))::int, NULL, NULL, NULL, count(*)::int FROM u WHERE usage IS NOT NULL GROUP BY 4
    UNION ALL
    SELECT 'step', NULL, NULL, step, NULL, NULL, step_max, NULL FROM per_step WHERE with_capacity > 0`;
}
