import type pg from 'pg';
import type { Phase } from '@/lib/ingest/records';
import type { ExpertTotal } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';
import { EXPERT_PARTS_SQL, EXPERT_SHARE_SQL } from './expertParts';

/** getExpertTotals from the raw expert_load rows. */
export async function rawExpertTotals(pool: pg.Pool, window: TimeWindow, phase: Phase, layer: number): Promise<ExpertTotal[]> {
  const { rows } = await pool.query<ExpertTotal>(
    `${EXPERT_PARTS_SQL} SELECT expert, sum(${EXPERT_SHARE_SQL})::float8 AS tokens FROM q
      WHERE hi_us > lo_us AND phase = $3 AND layer = $4 GROUP BY 1 ORDER BY 1`,
    [window.start, window.end, phase, layer],
  );
  return rows;
}
