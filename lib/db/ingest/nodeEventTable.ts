import type { NodeEventRecord } from '@/lib/ingest/records';
import { copyNumber as n, copyText as t } from './copyText';
import type { TableSpec } from './table';

// Node-hours are computed from the events directly (a late event changes history), so node
// events have no rollup.
const INSERT_STAGED = `
  INSERT INTO node_event (ts, node_id, state, gpu_type, gpu_count, model_id, job_id)
  SELECT to_timestamp(s.ts_ms / 1000), s.node_id, s.state, s.gpu_type, s.gpu_count, s.model_id, $1
    FROM stage_node_event s ORDER BY s.node_id, s.ts_ms
  ON CONFLICT DO NOTHING
  RETURNING ts`;

const RESULT = `SELECT count(*)::int AS accepted, 0 AS replaced, min(ts) AS "minTs", max(ts) AS "maxTs" FROM ins`;

export const nodeEventTable: TableSpec<NodeEventRecord> = {
  type: 'node_event',
  table: 'node_event',
  stage: 'stage_node_event',
  stageDdl: `CREATE TEMP TABLE IF NOT EXISTS stage_node_event (
    ts_ms float8, node_id integer, state text, gpu_type text, gpu_count smallint, model_id integer
  ) ON COMMIT DELETE ROWS`,
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: (r) => [r.model],
  copyLine: (r, ids) =>
    `${r.ts}\t${ids.node(r.node)}\t${r.state}\t${t(r.gpuType)}\t${n(r.gpuCount)}\t${r.model === null ? '\\N' : ids.model(r.model)}\n`,
  insertSql: `WITH ins AS (${INSERT_STAGED}) ${RESULT}`,
  async replace(client, jobId) {
    const old = await client.query<{ replaced: number }>(`
      WITH del AS (
        DELETE FROM node_event e USING stage_node_event s
         WHERE e.node_id = s.node_id AND e.ts = to_timestamp(s.ts_ms / 1000)
        RETURNING 1
      ) SELECT count(*)::int AS replaced FROM del`);
    const moved = await client.query(`WITH ins AS (${INSERT_STAGED}) ${RESULT}`, [jobId]);
    return { ...moved.rows[0], replaced: old.rows[0].replaced };
  },
};
