import type pg from 'pg';
import type { Phase } from '@/lib/ingest/records';
import type { ExpertTotal } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';

/** Tokens each logical expert of one phase and layer received over the window (whole hours), all GPUs. */
export async function getExpertTotals(pool: pg.Pool, window: TimeWindow, phase: Phase, layer: number): Promise<ExpertTotal[]> {
  const { rows } = await pool.query<ExpertTotal>(
    `SELECT expert, sum(tokens)::float8 AS tokens FROM rollup_expert_hour
      WHERE phase = $3 AND layer = $4 AND bucket >= to_timestamp($1::float8 / 1000) AND bucket < to_timestamp($2::float8 / 1000)
      GROUP BY 1 ORDER BY 1`,
    [window.start, window.end, phase, layer],
  );
  return rows;
}
