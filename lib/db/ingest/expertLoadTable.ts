import type { ExpertLoadRecord } from '@/lib/ingest/records';
import type { TableSpec } from './table';

const INSERT_STAGED = `
  INSERT INTO expert_load (ts, interval_s, phase, layer, expert, node_id, gpu, tokens, job_id)
  SELECT to_timestamp(s.ts_ms / 1000), s.interval_s, s.phase, s.layer, s.expert, s.node_id, s.gpu, s.tokens, $1
    FROM stage_expert_load s ORDER BY s.node_id, s.gpu, s.phase, s.layer, s.expert, s.ts_ms
  ON CONFLICT DO NOTHING
  RETURNING ts`;

const RESULT = `SELECT count(*)::int AS accepted, 0 AS replaced, min(ts) AS "minTs", max(ts) AS "maxTs" FROM ins`;

export const expertLoadTable: TableSpec<ExpertLoadRecord> = {
  type: 'expert_load',
  table: 'expert_load',
  stage: 'stage_expert_load',
  stageDdl: `CREATE TEMP TABLE IF NOT EXISTS stage_expert_load (
    ts_ms float8, interval_s float8, phase text, layer smallint, expert smallint, node_id integer, gpu smallint, tokens bigint
  ) ON COMMIT DELETE ROWS`,
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: () => [],
  copyLine: (r, ids) =>
    `${r.ts}\t${r.intervalS}\t${r.phase}\t${r.layer}\t${r.expert}\t${ids.node(r.node)}\t${r.gpu}\t${r.tokens}\n`,
  insertSql: `WITH ins AS (${INSERT_STAGED}) ${RESULT}`,
  async replace(client, jobId) {
    const old = await client.query<{ replaced: number }>(`
      WITH del AS (
        DELETE FROM expert_load e USING stage_expert_load s
         WHERE e.node_id = s.node_id AND e.gpu = s.gpu AND e.phase = s.phase AND e.layer = s.layer
           AND e.expert = s.expert AND e.ts = to_timestamp(s.ts_ms / 1000)
        RETURNING 1
      ) SELECT count(*)::int AS replaced FROM del`);
    const moved = await client.query(`WITH ins AS (${INSERT_STAGED}) ${RESULT}`, [jobId]);
    return { ...moved.rows[0], replaced: old.rows[0].replaced };
  },
};
