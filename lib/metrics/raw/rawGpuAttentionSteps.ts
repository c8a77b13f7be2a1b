import type pg from 'pg';
import { NODE_FILTER_SQL, nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { GpuAttentionStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { ATTENTION_SQL } from './attentionSql';

/** getGpuAttentionSteps from the raw request rows. */
export async function rawGpuAttentionSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<GpuAttentionStep[]> {
  const { rows } = await pool.query<GpuAttentionStep>(
    `SELECT r.step, n.name AS node, r.gpu, r.attention
       FROM (SELECT width_bucket(bucket, $1::timestamptz[]) - 1 AS step, node_id, gpu, sum(attention) AS attention
               FROM (${ATTENTION_SQL}) a
              WHERE bucket >= $2::timestamptz AND bucket < $3::timestamptz AND ${NODE_FILTER_SQL('node_id', 4)}
              GROUP BY 1, 2, 3) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 2, 3, 1`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
