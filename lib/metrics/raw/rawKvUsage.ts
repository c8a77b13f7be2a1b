import type pg from 'pg';
import { kvUsageSql } from '@/lib/metrics/queries/gpuSql';
import { nodesParam, stepParams } from '@/lib/metrics/queries/sql';
import type { KvUsageRow, MetricsFilter } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { RAW_GPU_STEPS_SQL } from './rawGpuSql';

/** getKvUsage from the raw gpu_sample rows. */
export async function rawKvUsage(pool: pg.Pool, steps: Steps, filter: MetricsFilter, limit: number): Promise<KvUsageRow[]> {
  const { rows } = await pool.query<KvUsageRow>(kvUsageSql(RAW_GPU_STEPS_SQL), [...stepParams(steps), nodesParam(filter.nodes), 'decode', limit]);
  return rows;
}
