import type pg from 'pg';
import type { Role } from '@/lib/ingest/records';
import type { GpuRankRow, MetricsFilter, Objective } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { gpuRankSql, OBJECTIVE_SQL, ROLLUP_ATTENTION_STEPS_SQL, rollupGpuStepsSql } from './gpuSql';
import { nodesParam, stepParams } from './sql';

/** GPU ÷ mean GPU of each step for one balancer objective; the GPUs furthest above the mean first (gpuSteps() steps). */
export async function getGpuRanks(pool: pg.Pool, steps: Steps, role: Role, objective: Objective, filter: MetricsFilter, limit: number): Promise<GpuRankRow[]> {
  const values = objective === 'attention'
    ? `SELECT step, node_id, gpu, attention AS value FROM (${ROLLUP_ATTENTION_STEPS_SQL}) a`
    : `SELECT step, node_id, gpu, ${OBJECTIVE_SQL[objective]} AS value FROM (${rollupGpuStepsSql(steps)}) s WHERE gpu_seconds > 0`;
  const { rows } = await pool.query<GpuRankRow>(gpuRankSql(values), [...stepParams(steps), nodesParam(filter.nodes), role, limit]);
  return rows;
}
