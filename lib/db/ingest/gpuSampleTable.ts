import type { GpuSampleRecord } from '@/lib/ingest/records';
import { markSampleHours } from './hours';
import type { RollupSample } from './rollupMath';
import { sampleColumns } from './storedColumns';
import type { TableSpec } from './table';

const COLUMNS = `ts, interval_s, node_id, gpu, role, input_tokens, cached_tokens, output_tokens, requests,
  running_requests, kv_cache_tokens, kv_cache_capacity, dispatch_send_tokens, dispatch_recv_tokens,
  util_pct, mem_used_bytes, power_w, energy_j, job_id`;

export const gpuSampleTable: TableSpec<GpuSampleRecord, RollupSample> = {
  type: 'gpu_sample',
  table: 'gpu_sample',
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: () => [],
  copies: [
    {
      table: 'gpu_sample',
      columns: COLUMNS,
      fields: (out, r, ids, jobId) =>
        out.timestamptz(r.ts).float8(r.intervalS).int4(ids.node(r.node)).int2(r.gpu).text(r.role)
          .int8(r.inputTokens).int8(r.cachedTokens).int8(r.outputTokens).int8(r.requests).int8(r.runningRequests)
          .int8(r.kvCacheTokens).int8(r.kvCacheCapacity).int8(r.dispatchSendTokens).int8(r.dispatchRecvTokens)
          .float8(r.utilPct).int8(r.memUsedBytes).float8(r.powerW).float8(r.energyJ).int8(jobId),
    },
  ],
  moveStaged: `
    INSERT INTO gpu_sample AS g (${COLUMNS})
    SELECT DISTINCT ON (node_id, gpu, ts) ${COLUMNS} FROM stage_gpu_sample ORDER BY node_id, gpu, ts, ord
    ON CONFLICT DO NOTHING RETURNING ${sampleColumns('g')}`,
  deleteStaged: `
    DELETE FROM gpu_sample g USING (SELECT DISTINCT node_id, gpu, ts FROM stage_gpu_sample) s
     WHERE g.node_id = s.node_id AND g.gpu = s.gpu AND g.ts = s.ts
    RETURNING ${sampleColumns('g')}`,
  storedTime: (s) => s.ts,
  markHours: (s, affected) => markSampleHours(affected, s.nodeId, s.ts, s.intervalS),
  rollup(r, ids, rollups) {
    // Spelled out, not `{ ...r, nodeId }`: a spread of the record per sample was the rollups' largest cost.
    rollups.addSample({
      ts: r.ts, intervalS: r.intervalS, nodeId: ids.node(r.node), gpu: r.gpu, role: r.role, inputTokens: r.inputTokens,
      cachedTokens: r.cachedTokens, outputTokens: r.outputTokens, requests: r.requests, dispatchSendTokens: r.dispatchSendTokens,
      dispatchRecvTokens: r.dispatchRecvTokens, runningRequests: r.runningRequests, kvCacheTokens: r.kvCacheTokens,
      kvCacheCapacity: r.kvCacheCapacity, utilPct: r.utilPct, powerW: r.powerW, energyJ: r.energyJ,
    });
  },
  rollupStored: (s, rollups) => rollups.addSample(s),
};
