import type pg from 'pg';
import type { ExpertLayer } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';

/** The (phase, MoE layer) pairs with expert loads in the window (whole hours), with Σ tokens. */
export async function getExpertLayers(pool: pg.Pool, window: TimeWindow): Promise<ExpertLayer[]> {
  const { rows } = await pool.query<ExpertLayer>(
    `SELECT phase, layer, sum(tokens)::float8 AS tokens FROM rollup_expert_hour
      WHERE bucket >= to_timestamp($1::float8 / 1000) AND bucket < to_timestamp($2::float8 / 1000)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [window.start, window.end],
  );
  return rows;
}
