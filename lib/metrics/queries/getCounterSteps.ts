import type pg from 'pg';
import type { CounterStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, NODE_FILTER_SQL, NODE_TIERS, nodesParam, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ GPU counters and gauge-seconds per step and role (from the node rollups tiered by day, hour and minute). */
export async function getCounterSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<CounterStep[]> {
  const table = tieredSource(steps, NODE_TIERS);
  const { rows } = await pool.query<CounterStep>(
    `SELECT ${STEP_SQL('bucket')} AS step, role,
            sum(input_tokens)::float8 AS "inputTokens", sum(cached_tokens)::float8 AS "cachedTokens",
            sum(output_tokens)::float8 AS "outputTokens", sum(requests)::float8 AS requests,
            sum(dispatch_recv_tokens)::float8 AS "dispatchRecvTokens", sum(gpu_seconds) AS "gpuSeconds",
            sum(token_seconds) AS "tokenSeconds", sum(kv_cache_tokens_s) AS "kvCacheTokensS",
            sum(kv_cache_capacity_s) AS "kvCacheCapacityS", sum(running_requests_s) AS "runningRequestsS"
       FROM ${table}
      WHERE ${IN_WINDOW_SQL('bucket')} AND ${NODE_FILTER_SQL('node_id', 4)}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
