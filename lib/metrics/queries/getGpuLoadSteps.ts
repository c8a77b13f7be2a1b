import type pg from 'pg';
import type { Role } from '@/lib/ingest/records';
import type { GpuStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { GPU_TIERS, IN_WINDOW_SQL, NODE_FILTER_SQL, nodesParam, STEP_SQL, stepParams, tieredSource } from './sql';

/** Per GPU of a role and step: Σ counters (input, output, dispatch receive) and gauge-seconds (running, KV, KV capacity) — steps of gpuSteps(). */
export async function getGpuLoadSteps(pool: pg.Pool, steps: Steps, role: Role, filter: MetricsFilter): Promise<GpuStep[]> {
  const table = tieredSource(steps, GPU_TIERS);
  const { rows } = await pool.query<GpuStep>(
    `SELECT r.step, n.name AS node, r.gpu, r.role, r."gpuSeconds", r."inputTokens", r."outputTokens", r."dispatchRecvTokens",
            r."runningRequestsS", r."kvCacheTokensS", r."kvCacheCapacityS"
       FROM (SELECT ${STEP_SQL('bucket')} AS step, node_id, gpu, role, sum(gpu_seconds) AS "gpuSeconds",
                    sum(input_tokens)::float8 AS "inputTokens", sum(output_tokens)::float8 AS "outputTokens",
                    sum(dispatch_recv_tokens)::float8 AS "dispatchRecvTokens", sum(running_requests_s) AS "runningRequestsS",
                    sum(kv_cache_tokens_s) AS "kvCacheTokensS", sum(kv_cache_capacity_s) AS "kvCacheCapacityS"
               FROM ${table}
              WHERE ${IN_WINDOW_SQL('bucket')} AND role = $5 AND ${NODE_FILTER_SQL('node_id', 4)}
              GROUP BY 1, 2, 3, 4) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 2, 3, 1`,
    [...stepParams(steps), nodesParam(filter.nodes), role],
  );
  return rows;
}
