import type pg from 'pg';
import type { NodeFreshness } from '@/lib/metrics/rows';

/** The newest data per node and role: the end of its last minute in rollup_node_minute (one index probe per node and role). */
export async function getNodeFreshness(pool: pg.Pool): Promise<NodeFreshness[]> {
  const { rows } = await pool.query<NodeFreshness>(
    `SELECT n.name AS node, r.role, extract(epoch FROM last.bucket)::float8 * 1000 + 60000 AS "lastAt"
       FROM node n CROSS JOIN (VALUES ('prefill'), ('decode'), ('idle')) AS r(role),
            LATERAL (SELECT bucket FROM rollup_node_minute m WHERE m.node_id = n.id AND m.role = r.role
                      ORDER BY bucket DESC LIMIT 1) last
      ORDER BY 1, 2`,
  );
  return rows;
}
