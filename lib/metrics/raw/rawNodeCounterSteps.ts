import type pg from 'pg';
import { NODE_FILTER_SQL, nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { MetricsFilter, NodeCounterStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { samplePartsSql, SHARE_SQL } from './sampleParts';

/** getNodeCounterSteps from the raw gpu_sample rows. */
export async function rawNodeCounterSteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<NodeCounterStep[]> {
  const { rows } = await pool.query<NodeCounterStep>(
    `WITH ${samplePartsSql(NODE_FILTER_SQL('g.node_id', 4))}
     SELECT r.step, n.name AS node, r.role, r."inputTokens", r."cachedTokens", r."outputTokens", r."gpuSeconds", r.gpus
       FROM (SELECT step, node_id, role, sum(${SHARE_SQL('input_tokens')})::float8 AS "inputTokens",
                    sum(${SHARE_SQL('cached_tokens')})::float8 AS "cachedTokens", sum(${SHARE_SQL('output_tokens')})::float8 AS "outputTokens",
                    sum(secs) AS "gpuSeconds", count(DISTINCT gpu)::int AS gpus
               FROM q GROUP BY 1, 2, 3) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 1, 2, 3`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
