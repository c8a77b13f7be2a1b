import type pg from 'pg';
import type { KvUsageRow, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { kvUsageSql, rollupGpuStepsSql } from './gpuSql';
import { nodesParam, stepParams } from './sql';

/** KV usage of decode GPUs = time-weighted KV-cache tokens ÷ capacity: the fullest GPUs, GPUs per tenth, the fullest per step (gpuSteps() steps). */
export async function getKvUsage(pool: pg.Pool, steps: Steps, filter: MetricsFilter, limit: number): Promise<KvUsageRow[]> {
  const { rows } = await pool.query<KvUsageRow>(kvUsageSql(rollupGpuStepsSql(steps)), [...stepParams(steps), nodesParam(filter.nodes), 'decode', limit]);
  return rows;
}
