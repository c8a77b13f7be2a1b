import type pg from 'pg';
import type { Role } from '@/lib/ingest/records';
import { NODE_FILTER_SQL, nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { GpuStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { GAUGE_SQL, samplePartsSql, SHARE_SQL } from './sampleParts';

/** getGpuLoadSteps from the raw gpu_sample rows. */
export async function rawGpuLoadSteps(pool: pg.Pool, steps: Steps, role: Role, filter: MetricsFilter): Promise<GpuStep[]> {
  const { rows } = await pool.query<GpuStep>(
    `WITH ${samplePartsSql(`g.role = $5 AND ${NODE_FILTER_SQL('g.node_id', 4)}`)}
     SELECT r.step, n.name AS node, r.gpu, r.role, r."gpuSeconds", r."inputTokens", r."outputTokens", r."dispatchRecvTokens",
            r."runningRequestsS", r."kvCacheTokensS", r."kvCacheCapacityS"
       FROM (SELECT step, node_id, gpu, role, sum(secs) AS "gpuSeconds", sum(${SHARE_SQL('input_tokens')})::float8 AS "inputTokens",
                    sum(${SHARE_SQL('output_tokens')})::float8 AS "outputTokens", sum(${SHARE_SQL('dispatch_recv_tokens')})::float8 AS "dispatchRecvTokens",
                    sum(${GAUGE_SQL('running_requests')}) AS "runningRequestsS", sum(${GAUGE_SQL('kv_cache_tokens')}) AS "kvCacheTokensS",
                    sum(${GAUGE_SQL('kv_cache_capacity')}) AS "kvCacheCapacityS"
               FROM q GROUP BY 1, 2, 3, 4) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 2, 3, 1`,
    [...stepParams(steps), nodesParam(filter.nodes), role],
  );
  return rows;
}
