import type pg from 'pg';
import type { MetricsFilter, NodeCounterStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, NODE_FILTER_SQL, nodesParam, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ GPU counters per step, node and role, with the distinct GPUs the node reported (popcount of the or-ed GPU masks). */
export async function getNodeCounterSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<NodeCounterStep[]> {
  const table = tieredSource(steps, 'rollup_node_hour', 'rollup_node_minute');
  const { rows } = await pool.query<NodeCounterStep>(
    `SELECT r.step, n.name AS node, r.role, r."inputTokens", r."cachedTokens", r."outputTokens", r."gpuSeconds", r.gpus
       FROM (SELECT ${STEP_SQL('bucket')} AS step, node_id, role,
                    sum(input_tokens)::float8 AS "inputTokens", sum(cached_tokens)::float8 AS "cachedTokens",
                    sum(output_tokens)::float8 AS "outputTokens", sum(gpu_seconds) AS "gpuSeconds",
                    bit_count(bit_or(gpu_mask)::bit(64))::int AS gpus
               FROM ${table}
              WHERE ${IN_WINDOW_SQL('bucket')} AND ${NODE_FILTER_SQL('node_id', 4)}
              GROUP BY 1, 2, 3) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 1, 2, 3`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
