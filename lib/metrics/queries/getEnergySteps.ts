import type pg from 'pg';
import type { EnergyStep, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { IN_WINDOW_SQL, NODE_FILTER_SQL, NODE_TIERS, nodesParam, STEP_SQL, stepParams, tieredSource } from './sql';

/** Σ energy_j (joules: the energy counter, else power × seconds) and GPU-seconds per step and role, from the tiered node rollups. */
export async function getEnergySteps(pool: pg.Pool, steps: Steps, filter: MetricsFilter): Promise<EnergyStep[]> {
  const { rows } = await pool.query<EnergyStep>(
    `SELECT ${STEP_SQL('bucket')} AS step, role, sum(energy_j) AS "energyJ", sum(gpu_seconds) AS "gpuSeconds"
       FROM ${tieredSource(steps, NODE_TIERS)}
      WHERE ${IN_WINDOW_SQL('bucket')} AND ${NODE_FILTER_SQL('node_id', 4)}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [...stepParams(steps), nodesParam(filter.nodes)],
  );
  return rows;
}
