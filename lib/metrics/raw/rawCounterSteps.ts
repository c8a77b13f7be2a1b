import type pg from 'pg';
import { NODE_FILTER_SQL, nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { CounterStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { GAUGE_SQL, samplePartsSql, SHARE_SQL } from './sampleParts';

/** getCounterSteps from the raw gpu_sample rows. */
export async function rawCounterSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<CounterStep[]> {
  const { rows } = await pool.query<CounterStep>(
    `WITH ${samplePartsSql(NODE_FILTER_SQL('g.node_id', 4))}
     SELECT step, role, sum(${SHARE_SQL('input_tokens')})::float8 AS "inputTokens", sum(${SHARE_SQL('cached_tokens')})::float8 AS "cachedTokens",
            sum(${SHARE_SQL('output_tokens')})::float8 AS "outputTokens", sum(${SHARE_SQL('requests')})::float8 AS requests,
            sum(${SHARE_SQL('dispatch_recv_tokens')})::float8 AS "dispatchRecvTokens", sum(secs) AS "gpuSeconds",
            sum(CASE WHEN input_tokens IS NOT NULL OR output_tokens IS NOT NULL THEN secs ELSE 0 END) AS "tokenSeconds",
            sum(${GAUGE_SQL('kv_cache_tokens')}) AS "kvCacheTokensS", sum(${GAUGE_SQL('kv_cache_capacity')}) AS "kvCacheCapacityS",
            sum(${GAUGE_SQL('running_requests')}) AS "runningRequestsS"
       FROM q GROUP BY 1, 2 ORDER BY 1, 2`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
