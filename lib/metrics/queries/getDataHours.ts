import type pg from 'pg';
import type { TimeWindow } from '@/lib/time/window';

/** The hours (UTC hour starts, epoch ms, ascending) that overlap the window and hold any telemetry: GPU counters or requests. */
export async function getDataHours(pool: pg.Pool, window: TimeWindow): Promise<number[]> {
  const { rows } = await pool.query<{ hour: number }>(
    `SELECT extract(epoch FROM bucket)::float8 * 1000 AS hour
       FROM (SELECT bucket FROM rollup_node_hour WHERE bucket >= $1 AND bucket < $2
             UNION SELECT bucket FROM rollup_request_hour WHERE bucket >= $1 AND bucket < $2) b
      ORDER BY 1`,
    [new Date(Math.floor(window.start / 3_600_000) * 3_600_000), new Date(window.end)],
  );
  return rows.map((r) => r.hour);
}
