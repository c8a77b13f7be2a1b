import { createHash } from 'node:crypto';
import type { RequestRecord } from '@/lib/ingest/records';
import { isLowerUuid } from './copyBinary';
import { hourOf } from './hours';
import { requestColumns } from './storedColumns';
import type { TableSpec } from './table';
import type { AttentionRequest } from './viewRollups';

/** The compact key of a request id: the id itself when it is a UUID, else a UUID-shaped md5 of it. */
export function requestKey(requestId: string): string {
  if (isLowerUuid(requestId)) return requestId;
  const lower = requestId.toLowerCase();
  if (isLowerUuid(lower)) return lower;
  const h = createHash('md5').update(requestId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const COLUMNS = `request_key, request_id, arrived_at, model_id, source, prefill_started_at, first_token_at, finished_at,
  input_tokens, cached_tokens, output_tokens, prefill_node_id, prefill_gpu, decode_node_id, decode_gpu,
  status, sample_weight, job_id`;

/**
 * A request id is unique across partitions through the unpartitioned request_key table
 * (a unique index on the partitioned table would have to contain arrived_at).
 */
export const requestTable: TableSpec<RequestRecord, AttentionRequest> = {
  type: 'request',
  table: 'request',
  partitionTime: (r) => r.arrivedAt,
  nodeNames: (r) => [r.prefillNode, r.decodeNode],
  modelNames: (r) => [r.model],
  copyKey: (r) => requestKey(r.requestId),
  copies: [
    {
      table: 'request_key',
      columns: 'request_key, arrived_at',
      sortByKey: true,
      fields: (out, r, _ids, _job, key) => out.uuid(key).timestamptz(r.arrivedAt),
    },
    {
      table: 'request',
      columns: COLUMNS,
      fields: (out, r, ids, jobId, key) =>
        // An id that is its own key is not stored twice (request_id is null: read request_key).
        out.uuid(key).text(r.requestId === key ? null : r.requestId).timestamptz(r.arrivedAt).int4(ids.model(r.model)).text(r.source ?? '')
          .timestamptz(r.prefillStartedAt).timestamptz(r.firstTokenAt).timestamptz(r.finishedAt)
          .int8(r.inputTokens).int8(r.cachedTokens).int8(r.outputTokens)
          .int4(ids.nodeOrNull(r.prefillNode)).int2(r.prefillGpu).int4(ids.nodeOrNull(r.decodeNode)).int2(r.decodeGpu)
          .text(r.status).float8(r.sampleWeight).int8(jobId),
    },
  ],
  moveStaged: `
    WITH firsts AS (SELECT DISTINCT ON (request_key) * FROM stage_request ORDER BY request_key, ord),
    new_keys AS (
      INSERT INTO request_key (request_key, arrived_at) SELECT request_key, arrived_at FROM firsts ORDER BY request_key
      ON CONFLICT DO NOTHING RETURNING request_key
    )
    INSERT INTO request AS r (${COLUMNS}) SELECT ${COLUMNS} FROM firsts JOIN new_keys USING (request_key)
    RETURNING ${requestColumns('r')}`,
  deleteStaged: `
    WITH old AS (
      DELETE FROM request_key rk USING (SELECT DISTINCT request_key FROM stage_request) s
       WHERE rk.request_key = s.request_key RETURNING rk.request_key, rk.arrived_at
    )
    DELETE FROM request r USING old WHERE r.request_key = old.request_key AND r.arrived_at = old.arrived_at
    RETURNING ${requestColumns('r')}`,
  storedTime: (s) => s.arrivedAt,
  markHours: (s, affected) => affected.requestHours.add(hourOf(s.arrivedAt)),
  rollup(r, ids, rollups) {
    rollups.addRequest({
      arrivedAt: r.arrivedAt, modelId: ids.model(r.model), source: r.source ?? '', inputTokens: r.inputTokens,
      cachedTokens: r.cachedTokens, outputTokens: r.outputTokens, sampleWeight: r.sampleWeight,
      firstTokenAt: r.firstTokenAt, finishedAt: r.finishedAt, prefillNodeId: ids.nodeOrNull(r.prefillNode), prefillGpu: r.prefillGpu,
    });
  },
  rollupStored: (s, rollups) => rollups.addRequest(s),
};
