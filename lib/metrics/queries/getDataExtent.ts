import type pg from 'pg';

/** First and last minute with telemetry (GPU counters or requests), epoch ms; null when empty. */
export interface DataExtent {
  first: number | null;
  last: number | null;
}

/** min/max bucket over rollup_node_minute and rollup_request_minute. */
export async function getDataExtent(pool: pg.Pool): Promise<DataExtent> {
  const { rows } = await pool.query<DataExtent>(
    `SELECT extract(epoch FROM min(b))::float8 * 1000 AS first, extract(epoch FROM max(b))::float8 * 1000 AS last
       FROM (SELECT min(bucket) AS b FROM rollup_node_minute UNION ALL SELECT max(bucket) FROM rollup_node_minute
             UNION ALL SELECT min(bucket) FROM rollup_request_minute UNION ALL SELECT max(bucket) FROM rollup_request_minute) x`,
  );
  return rows[0];
}
