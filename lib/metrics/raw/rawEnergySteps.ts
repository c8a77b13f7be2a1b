import type pg from 'pg';
import { NODE_FILTER_SQL, nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { EnergyStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { ENERGY_SQL, samplePartsSql } from './sampleParts';

/** getEnergySteps from the raw gpu_sample rows. */
export async function rawEnergySteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<EnergyStep[]> {
  const { rows } = await pool.query<EnergyStep>(
    `WITH ${samplePartsSql(NODE_FILTER_SQL('g.node_id', 4))}
     SELECT step, role, sum(${ENERGY_SQL}) AS "energyJ", sum(secs) AS "gpuSeconds"
       FROM q GROUP BY 1, 2 ORDER BY 1, 2`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
