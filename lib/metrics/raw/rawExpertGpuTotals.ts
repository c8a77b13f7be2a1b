import type pg from 'pg';
import type { Phase } from '@/lib/ingest/records';
import type { ExpertGpuTotal } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';
import { EXPERT_PARTS_SQL, EXPERT_SHARE_SQL } from './expertParts';

/** getExpertGpuTotals from the raw expert_load rows. */
export async function rawExpertGpuTotals(pool: pg.Pool, window: TimeWindow, phase: Phase, layer: number): Promise<ExpertGpuTotal[]> {
  const { rows } = await pool.query<ExpertGpuTotal>(
    `${EXPERT_PARTS_SQL} SELECT n.name AS node, g.gpu, g.tokens
       FROM (SELECT node_id, gpu, sum(${EXPERT_SHARE_SQL})::float8 AS tokens FROM q
              WHERE hi_us > lo_us AND phase = $3 AND layer = $4 GROUP BY 1, 2) g
       JOIN node n ON n.id = g.node_id ORDER BY 1, 2`,
    [window.start, window.end, phase, layer],
  );
  return rows;
}
