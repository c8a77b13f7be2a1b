import type pg from 'pg';
import type { Role } from '@/lib/ingest/records';
import { gpuRankSql, OBJECTIVE_SQL } from '@/lib/metrics/queries/gpuSql';
import { nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { GpuRankRow, MetricsFilter, Objective } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { RAW_ATTENTION_STEPS_SQL, RAW_GPU_STEPS_SQL } from './rawGpuSql';

/** getGpuRanks from the raw rows. */
export async function rawGpuRanks(pool: pg.Pool, steps: Steps, role: Role, objective: Objective, filter: MetricsFilter, limit: number): Promise<GpuRankRow[]> {
  const values = objective === 'attention'
    ? `SELECT step, node_id, gpu, attention AS value FROM (${RAW_ATTENTION_STEPS_SQL}) a`
    : `SELECT step, node_id, gpu, ${OBJECTIVE_SQL[objective]} AS value FROM (${RAW_GPU_STEPS_SQL}) s WHERE gpu_seconds > 0`;
  const { rows } = await pool.query<GpuRankRow>(gpuRankSql(values), [...stepParams(steps), nodesParam(filter.nodes), role, limit]);
  return rows;
}
