import type pg from 'pg';
import type { ExpertLayer } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';
import { EXPERT_PARTS_SQL } from './expertParts';

/** getExpertLayers from the raw expert_load rows. */
export async function rawExpertLayers(pool: pg.Pool, window: TimeWindow): Promise<ExpertLayer[]> {
  const { rows } = await pool.query<ExpertLayer>(`${EXPERT_PARTS_SQL} SELECT DISTINCT phase, layer FROM q WHERE hi_us > lo_us ORDER BY 1, 2`, [window.start, window.end]);
  return rows;
}
