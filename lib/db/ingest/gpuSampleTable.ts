import type { GpuSampleRecord } from '@/lib/ingest/records';
import { copyInstant as i } from './copyText';
import { markSampleHours } from './hours';
import type { TableSpec } from './table';

const keyArrays = (rows: GpuSampleRecord[], ids: { node(name: string): number }) => [
  rows.map((r) => ids.node(r.node)),
  rows.map((r) => r.gpu),
  rows.map((r) => i(r.ts)),
];

export const gpuSampleTable: TableSpec<GpuSampleRecord> = {
  type: 'gpu_sample',
  table: 'gpu_sample',
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: () => [],
  key: (r, ids) => `${ids.node(r.node)}|${r.gpu}|${Math.round(r.ts * 1000)}`,
  copies: [
    {
      table: 'gpu_sample',
      columns: `ts, interval_s, node_id, gpu, role, input_tokens, cached_tokens, output_tokens, requests,
        running_requests, kv_cache_tokens, kv_cache_capacity, dispatch_send_tokens, dispatch_recv_tokens,
        util_pct, mem_used_bytes, power_w, job_id`,
      fields: (out, r, ids, jobId) =>
        out.timestamptz(r.ts).float8(r.intervalS).int4(ids.node(r.node)).int2(r.gpu).text(r.role)
          .int8(r.inputTokens).int8(r.cachedTokens).int8(r.outputTokens).int8(r.requests).int8(r.runningRequests)
          .int8(r.kvCacheTokens).int8(r.kvCacheCapacity).int8(r.dispatchSendTokens).int8(r.dispatchRecvTokens)
          .float8(r.utilPct).int8(r.memUsedBytes).float8(r.powerW).int8(jobId),
    },
  ],
  async stored(client, rows, _keys, ids) {
    const { rows: found } = await client.query<{ i: number }>(
      `SELECT k.i::int AS i FROM unnest($1::int[], $2::smallint[], $3::timestamptz[]) WITH ORDINALITY AS k(node_id, gpu, ts, i)
         JOIN gpu_sample g USING (node_id, gpu, ts)`,
      keyArrays(rows, ids),
    );
    return new Set(found.map((r) => r.i - 1));
  },
  async deleteStored(client, rows, _keys, ids, affected) {
    const { rows: deleted } = await client.query<{ node_id: number; at: number; interval_s: number }>(
      `DELETE FROM gpu_sample g USING unnest($1::int[], $2::smallint[], $3::timestamptz[]) AS k(node_id, gpu, ts)
        WHERE g.node_id = k.node_id AND g.gpu = k.gpu AND g.ts = k.ts
       RETURNING g.node_id, extract(epoch FROM g.ts)::float8 * 1000 AS at, g.interval_s`,
      keyArrays(rows, ids),
    );
    for (const d of deleted) markSampleHours(affected, d.node_id, d.at, d.interval_s);
    return deleted.length;
  },
  markHours(rows, ids, affected) {
    for (const r of rows) markSampleHours(affected, ids.node(r.node), r.ts, r.intervalS);
  },
  rollup(rows, ids, rollups) {
    // Spelled out, not `{ ...r, nodeId }`: a spread of the record per sample was the rollups' largest cost.
    for (const r of rows) {
      rollups.addSample({
        ts: r.ts, intervalS: r.intervalS, nodeId: ids.node(r.node), gpu: r.gpu, role: r.role, inputTokens: r.inputTokens,
        cachedTokens: r.cachedTokens, outputTokens: r.outputTokens, requests: r.requests, dispatchSendTokens: r.dispatchSendTokens,
        dispatchRecvTokens: r.dispatchRecvTokens, runningRequests: r.runningRequests, kvCacheTokens: r.kvCacheTokens,
        kvCacheCapacity: r.kvCacheCapacity, utilPct: r.utilPct, powerW: r.powerW,
      });
    }
  },
};
