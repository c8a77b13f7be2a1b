import type { NodeEventRecord } from '@/lib/ingest/records';
import { copyInstant as i } from './copyText';
import type { TableSpec } from './table';

const keyArrays = (rows: NodeEventRecord[], ids: { node(name: string): number }) => [rows.map((r) => ids.node(r.node)), rows.map((r) => i(r.ts))];

// Node-hours are computed from the events directly (a late event changes history): no rollup.
export const nodeEventTable: TableSpec<NodeEventRecord> = {
  type: 'node_event',
  table: 'node_event',
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: (r) => [r.model],
  key: (r, ids) => `${ids.node(r.node)}|${Math.round(r.ts * 1000)}`,
  copies: [
    {
      table: 'node_event',
      columns: 'ts, node_id, state, gpu_type, gpu_count, model_id, job_id',
      fields: (out, r, ids, jobId) =>
        out.timestamptz(r.ts).int4(ids.node(r.node)).text(r.state).text(r.gpuType).int2(r.gpuCount)
          .int4(r.model === null ? null : ids.model(r.model)).int8(jobId),
    },
  ],
  async stored(client, rows, _keys, ids) {
    const { rows: found } = await client.query<{ i: number }>(
      `SELECT k.i::int AS i FROM unnest($1::int[], $2::timestamptz[]) WITH ORDINALITY AS k(node_id, ts, i)
         JOIN node_event e USING (node_id, ts)`,
      keyArrays(rows, ids),
    );
    return new Set(found.map((r) => r.i - 1));
  },
  async deleteStored(client, rows, _keys, ids) {
    const { rows: deleted } = await client.query(
      `DELETE FROM node_event e USING unnest($1::int[], $2::timestamptz[]) AS k(node_id, ts)
        WHERE e.node_id = k.node_id AND e.ts = k.ts RETURNING 1`,
      keyArrays(rows, ids),
    );
    return deleted.length;
  },
  markHours() {},
};
