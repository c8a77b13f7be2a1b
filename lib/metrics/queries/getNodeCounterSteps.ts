import type pg from 'pg';
import type { MetricsFilter, NodeCounterStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { hourPerStep, IN_WINDOW_SQL, NODE_FILTER_SQL, NODE_TIERS, nodesParam, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ GPU counters per step, node and role, with the distinct GPUs the node reported (popcount of the or-ed GPU masks). */
export async function getNodeCounterSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<NodeCounterStep[]> {
  const where = `${IN_WINDOW_SQL('bucket')} AND ${NODE_FILTER_SQL('node_id', 4)}`;
  // Hour steps read the hour rows as they are; other steps sum rows of the tiered rollups.
  const perStep = hourPerStep(steps)
    ? `SELECT ${STEP_SQL('bucket')} AS step, node_id, role, input_tokens::float8 AS "inputTokens", cached_tokens::float8 AS "cachedTokens",
              output_tokens::float8 AS "outputTokens", gpu_seconds AS "gpuSeconds", bit_count(gpu_mask::bit(64))::int AS gpus
         FROM rollup_node_hour WHERE ${where}`
    : `SELECT ${STEP_SQL('bucket')} AS step, node_id, role,
              sum(input_tokens)::float8 AS "inputTokens", sum(cached_tokens)::float8 AS "cachedTokens",
              sum(output_tokens)::float8 AS "outputTokens", sum(gpu_seconds) AS "gpuSeconds",
              bit_count(bit_or(gpu_mask)::bit(64))::int AS gpus
         FROM ${tieredSource(steps, NODE_TIERS)} WHERE ${where} GROUP BY 1, 2, 3`;
  const { rows } = await pool.query<NodeCounterStep>(
    `SELECT r.step, n.name AS node, r.role, r."inputTokens", r."cachedTokens", r."outputTokens", r."gpuSeconds", r.gpus
       FROM (${perStep}) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 1, 2, 3`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
