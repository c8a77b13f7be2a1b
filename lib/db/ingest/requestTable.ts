import { createHash } from 'node:crypto';
import type { RequestRecord } from '@/lib/ingest/records';
import { copyNumber as n, copyText as t } from './copyText';
import { requestRollupCtes } from './rollups';
import { markRequestHours, recomputeRequestRollups } from './recompute';
import type { TableSpec } from './table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The compact key of a request id: the id itself when it is a UUID, else a UUID-shaped md5 of it. */
export function requestKey(requestId: string): string {
  if (UUID.test(requestId)) return requestId.toLowerCase();
  const h = createHash('md5').update(requestId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const COLUMNS = `request_id, arrived_at, model_id, source, prefill_started_at, first_token_at, finished_at,
  input_tokens, cached_tokens, output_tokens, prefill_node_id, prefill_gpu, decode_node_id, decode_gpu,
  status, sample_weight`;

const FROM_STAGE = `s.request_id, to_timestamp(s.arrived_ms / 1000), s.model_id, s.source,
  to_timestamp(s.prefill_started_ms / 1000), to_timestamp(s.first_token_ms / 1000), to_timestamp(s.finished_ms / 1000),
  s.input_tokens, s.cached_tokens, s.output_tokens, s.prefill_node_id, s.prefill_gpu, s.decode_node_id, s.decode_gpu,
  s.status, s.sample_weight`;

const RESULT = `SELECT count(*)::int AS accepted, 0 AS replaced, min(arrived_at) AS "minTs", max(arrived_at) AS "maxTs" FROM ins`;

export const requestTable: TableSpec<RequestRecord> = {
  type: 'request',
  table: 'request',
  stage: 'stage_request',
  stageDdl: `CREATE TEMP TABLE IF NOT EXISTS stage_request (
    request_key uuid, request_id text, arrived_ms float8, model_id integer, source text,
    prefill_started_ms float8, first_token_ms float8, finished_ms float8,
    input_tokens bigint, cached_tokens bigint, output_tokens bigint,
    prefill_node_id integer, prefill_gpu smallint, decode_node_id integer, decode_gpu smallint,
    status text, sample_weight float8) ON COMMIT DELETE ROWS`,
  partitionTime: (r) => r.arrivedAt,
  nodeNames: (r) => [r.prefillNode, r.decodeNode],
  modelNames: (r) => [r.model],
  batchKey: (r) => requestKey(r.requestId),
  copyLine: (r, ids) =>
    `${requestKey(r.requestId)}\t${t(r.requestId)}\t${r.arrivedAt}\t${ids.model(r.model)}\t${t(r.source ?? '')}\t` +
    `${n(r.prefillStartedAt)}\t${n(r.firstTokenAt)}\t${n(r.finishedAt)}\t` +
    `${r.inputTokens}\t${r.cachedTokens}\t${r.outputTokens}\t` +
    `${n(ids.nodeOrNull(r.prefillNode))}\t${n(r.prefillGpu)}\t${n(ids.nodeOrNull(r.decodeNode))}\t${n(r.decodeGpu)}\t` +
    `${t(r.status)}\t${r.sampleWeight}\n`,
  // The key table makes a request id unique across partitions; only rows whose key is new move on.
  insertSql: `
    WITH new_key AS (
      INSERT INTO request_key (request_key, arrived_at)
      SELECT request_key, to_timestamp(arrived_ms / 1000) FROM stage_request ORDER BY request_key
      ON CONFLICT DO NOTHING
      RETURNING request_key
    ), ins AS (
      INSERT INTO request (request_key, ${COLUMNS}, job_id)
      SELECT s.request_key, ${FROM_STAGE}, $1 FROM stage_request s JOIN new_key USING (request_key)
      RETURNING *
    ), ${requestRollupCtes('ins')}
    ${RESULT}`,
  // Old versions are deleted and their hours' rollups rebuilt from the raw rows afterwards;
  // the new versions go through the incremental rollup like any insert.
  async replace(client, jobId) {
    const old = await client.query<{ replaced: number }>(`
      WITH old AS (
        SELECT k.request_key, k.arrived_at FROM request_key k JOIN stage_request s USING (request_key)
      ), del AS (
        DELETE FROM request r USING old WHERE r.request_key = old.request_key AND r.arrived_at = old.arrived_at
        RETURNING r.arrived_at
      ), mark AS (${markRequestHours('del')})
      SELECT count(*)::int AS replaced FROM del`);
    const moved = await client.query(`
      WITH upsert_key AS (
        INSERT INTO request_key (request_key, arrived_at)
        SELECT request_key, to_timestamp(arrived_ms / 1000) FROM stage_request ORDER BY request_key
        ON CONFLICT (request_key) DO UPDATE SET arrived_at = excluded.arrived_at
      ), ins AS (
        INSERT INTO request (request_key, ${COLUMNS}, job_id)
        SELECT s.request_key, ${FROM_STAGE}, $1 FROM stage_request s
        RETURNING *
      ), ${requestRollupCtes('ins')}
      ${RESULT}`, [jobId]);
    await recomputeRequestRollups(client);
    return { ...moved.rows[0], replaced: old.rows[0].replaced };
  },
};
