import type pg from 'pg';
import type { Phase } from '@/lib/ingest/records';
import type { ExpertGpuTotal } from '@/lib/metrics/rows';
import type { TimeWindow } from '@/lib/time/window';

/** Tokens each GPU received for the experts it hosts in one phase and layer over the window (whole hours). */
export async function getExpertGpuTotals(pool: pg.Pool, window: TimeWindow, phase: Phase, layer: number): Promise<ExpertGpuTotal[]> {
  const { rows } = await pool.query<ExpertGpuTotal>(
    `SELECT n.name AS node, g.gpu, g.tokens
       FROM (SELECT node_id, gpu, sum(tokens)::float8 AS tokens FROM rollup_expert_gpu_hour
              WHERE phase = $3 AND layer = $4 AND bucket >= to_timestamp($1::float8 / 1000) AND bucket < to_timestamp($2::float8 / 1000)
              GROUP BY 1, 2) g
       JOIN node n ON n.id = g.node_id
      ORDER BY 1, 2`,
    [window.start, window.end, phase, layer],
  );
  return rows;
}
