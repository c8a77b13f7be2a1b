import type pg from 'pg';
import type { NodeFreshness } from '@/lib/metrics/rows';

/** The newest data per node and role: the end of its last minute of rollups (kept in rollup_node_last). */
export async function getNodeFreshness(pool: pg.Pool): Promise<NodeFreshness[]> {
  const { rows } = await pool.query<NodeFreshness>(
    `SELECT n.name AS node, l.role, extract(epoch FROM l.last_at)::float8 * 1000 AS "lastAt"
       FROM rollup_node_last l JOIN node n ON n.id = l.node_id
      ORDER BY 1, 2`,
  );
  return rows;
}
