import type { ClientBase } from 'pg';
import { nodeMinuteRollupCtes, requestRollupCtes } from './rollups';

/**
 * After rows were replaced or deleted, the rollups of the hours they touched are rebuilt from
 * the raw rows (sums could be subtracted, but the GPU mask cannot). Affected hours are
 * collected in two temporary tables during the transaction.
 */
export async function createAffectedTables(client: ClientBase): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS affected_request_hour (hour timestamptz PRIMARY KEY) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS affected_node_hour (node_id integer, hour timestamptz, PRIMARY KEY (node_id, hour)) ON COMMIT DELETE ROWS;
  `);
}

/** SQL that records the hours of `rel`'s requests (column arrived_at) as affected. */
export const markRequestHours = (rel: string) =>
  `INSERT INTO affected_request_hour SELECT DISTINCT date_trunc('hour', arrived_at) FROM ${rel} ON CONFLICT DO NOTHING`;

/** SQL that records the (node, hour)s a set of samples (columns node_id, ts, interval_s) overlaps. */
export const markNodeHours = (rel: string) => `
  INSERT INTO affected_node_hour
  SELECT DISTINCT s.node_id, h
    FROM ${rel} s CROSS JOIN LATERAL generate_series(
      date_trunc('hour', s.ts - s.interval_s * interval '1 second'),
      s.ts - interval '1 microsecond', interval '1 hour') AS h
  ON CONFLICT DO NOTHING`;

export async function recomputeRequestRollups(client: ClientBase): Promise<void> {
  await client.query(`
    DELETE FROM rollup_request_minute t USING affected_request_hour a WHERE date_trunc('hour', t.bucket) = a.hour;
    DELETE FROM rollup_request_hist t USING affected_request_hour a WHERE date_trunc('hour', t.bucket) = a.hour;
  `);
  await client.query(`
    WITH src AS (
      SELECT r.* FROM request r JOIN affected_request_hour a
        ON r.arrived_at >= a.hour AND r.arrived_at < a.hour + interval '1 hour'
    ), ${requestRollupCtes('src')}
    SELECT 1`);
}

export async function recomputeNodeRollups(client: ClientBase): Promise<void> {
  await client.query(
    `DELETE FROM rollup_node_minute t USING affected_node_hour a
      WHERE t.node_id = a.node_id AND date_trunc('hour', t.bucket) = a.hour`,
  );
  // Samples reach at most a day back (interval_s <= 86400), which bounds the partitions read.
  await client.query(`
    WITH src AS (
      SELECT DISTINCT s.* FROM gpu_sample s JOIN affected_node_hour a
        ON s.node_id = a.node_id AND s.ts > a.hour AND s.ts < a.hour + interval '1 hour' + interval '1 day'
       AND s.ts - s.interval_s * interval '1 second' < a.hour + interval '1 hour'
    ), ${nodeMinuteRollupCtes('src', `(node_id, date_trunc('hour', bucket)) IN (SELECT node_id, hour FROM affected_node_hour)`)}
    SELECT 1`);
}
