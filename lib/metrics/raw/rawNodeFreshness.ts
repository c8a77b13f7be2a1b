import type pg from 'pg';
import type { NodeFreshness } from '@/lib/metrics/rows';

/** getNodeFreshness from the raw gpu_sample rows: the end of the last minute a sample of the node and role covers. */
export async function rawNodeFreshness(pool: pg.Pool): Promise<NodeFreshness[]> {
  const { rows } = await pool.query<NodeFreshness>(
    `SELECT n.name AS node, g.role, extract(epoch FROM max(date_trunc('minute', g.ts - interval '1 microsecond', 'UTC')))::float8 * 1000 + 60000 AS "lastAt"
       FROM gpu_sample g JOIN node n ON n.id = g.node_id
      GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows;
}
