import type pg from 'pg';
import type { Role } from '@/lib/ingest/records';
import type { TimeWindow } from '@/lib/time/window';

/** GPU counters summed over a window (or per step of it) and role, from rollup_node_minute. */
export interface CounterTotals {
  /** Start of the step (epoch ms); the window start when not stepped. */
  at: number;
  role: Role;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  requests: number;
  dispatchRecvTokens: number;
  /** GPU-seconds reported, and those whose samples carried token counters. */
  gpuSeconds: number;
  tokenSeconds: number;
  /** Gauges integrated over time (value × seconds): divide by gpuSeconds for the mean per GPU. */
  kvCacheTokensS: number;
  kvCacheCapacityS: number;
  runningRequestsS: number;
}

/** Σ rollup_node_minute over [start, end) (windows align to whole minutes), grouped by role and step. */
export async function getCounterTotals(pool: pg.Pool, window: TimeWindow, stepMs?: number): Promise<CounterTotals[]> {
  const { rows } = await pool.query<CounterTotals>(
    `SELECT extract(epoch FROM date_bin(make_interval(secs => $3::float8 / 1000), bucket, to_timestamp($1::float8 / 1000)))::float8 * 1000 AS at,
            role, sum(input_tokens)::float8 AS "inputTokens", sum(cached_tokens)::float8 AS "cachedTokens",
            sum(output_tokens)::float8 AS "outputTokens", sum(requests)::float8 AS requests,
            sum(dispatch_recv_tokens)::float8 AS "dispatchRecvTokens",
            sum(gpu_seconds) AS "gpuSeconds", sum(token_seconds) AS "tokenSeconds",
            sum(kv_cache_tokens_s) AS "kvCacheTokensS", sum(kv_cache_capacity_s) AS "kvCacheCapacityS",
            sum(running_requests_s) AS "runningRequestsS"
       FROM rollup_node_minute
      WHERE bucket >= to_timestamp($1::float8 / 1000) AND bucket < to_timestamp($2::float8 / 1000)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [window.start, window.end, stepMs ?? window.end - window.start],
  );
  return rows;
}
