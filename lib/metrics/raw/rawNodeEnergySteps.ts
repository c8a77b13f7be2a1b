import type pg from 'pg';
import { NODE_FILTER_SQL, nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { MetricsFilter, NodeEnergyStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { ENERGY_SQL, samplePartsSql } from './sampleParts';

/** getNodeEnergySteps from the raw gpu_sample rows. */
export async function rawNodeEnergySteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<NodeEnergyStep[]> {
  const { rows } = await pool.query<NodeEnergyStep>(
    `WITH ${samplePartsSql(NODE_FILTER_SQL('g.node_id', 4))}
     SELECT r.step, n.name AS node, r.role, r."energyJ", r."gpuSeconds"
       FROM (SELECT step, node_id, role, sum(${ENERGY_SQL}) AS "energyJ", sum(secs) AS "gpuSeconds" FROM q GROUP BY 1, 2, 3) r
       JOIN node n ON n.id = r.node_id
      ORDER BY 1, 2, 3`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
