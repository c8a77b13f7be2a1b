import type pg from 'pg';
import type { ExpertLayer } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';
import { EXPERT_PARTS_SQL, EXPERT_SHARE_SQL } from './expertParts';

/** getExpertLayers from the raw expert_load rows. */
export async function rawExpertLayers(pool: pg.Pool, window: TimeWindow): Promise<ExpertLayer[]> {
  const { rows } = await pool.query<ExpertLayer>(
    `${EXPERT_PARTS_SQL} SELECT phase, layer, sum(${EXPERT_SHARE_SQL})::float8 AS tokens FROM q WHERE hi_us > lo_us GROUP BY 1, 2 ORDER BY 1, 2`,
    [window.start, window.end],
  );
  return rows;
}
