import type pg from 'pg';
import type { GpuAttentionStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, NODE_FILTER_SQL, nodesParam, STEP_SQL, stepParams } from './sql';

/** Per prefill GPU and step: core-attention load Σ w·(I − C)·I of the sampled requests it prefilled — steps of gpuSteps(). */
export async function getGpuAttentionSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<GpuAttentionStep[]> {
  const { rows } = await pool.query<GpuAttentionStep>(
    `SELECT r.step, n.name AS node, r.gpu, r.attention
       FROM (SELECT ${STEP_SQL('bucket')} AS step, node_id, gpu, sum(attention) AS attention
               FROM rollup_gpu_attention_10min
              WHERE ${IN_WINDOW_SQL('bucket')} AND ${NODE_FILTER_SQL('node_id', 4)}
              GROUP BY 1, 2, 3) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 2, 3, 1`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
