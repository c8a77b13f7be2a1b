import type { GpuSampleRecord } from '@/lib/ingest/records';
import { copyNumber as n } from './copyText';
import { nodeMinuteRollupCtes } from './rollups';
import { markNodeHours, recomputeNodeRollups } from './recompute';
import type { TableSpec } from './table';

const COLUMNS = `ts, interval_s, node_id, gpu, role, input_tokens, cached_tokens, output_tokens, requests,
  running_requests, kv_cache_tokens, kv_cache_capacity, dispatch_send_tokens, dispatch_recv_tokens,
  util_pct, mem_used_bytes, power_w`;

const FROM_STAGE = `to_timestamp(s.ts_ms / 1000), s.interval_s, s.node_id, s.gpu, s.role, s.input_tokens,
  s.cached_tokens, s.output_tokens, s.requests, s.running_requests, s.kv_cache_tokens, s.kv_cache_capacity,
  s.dispatch_send_tokens, s.dispatch_recv_tokens, s.util_pct, s.mem_used_bytes, s.power_w`;

// Key order (node, gpu, ts) so that concurrent ingests take index locks in the same order.
const INSERT_STAGED = `
  INSERT INTO gpu_sample (${COLUMNS}, job_id)
  SELECT ${FROM_STAGE}, $1 FROM stage_gpu_sample s ORDER BY s.node_id, s.gpu, s.ts_ms
  ON CONFLICT DO NOTHING
  RETURNING *`;

const RESULT = `SELECT count(*)::int AS accepted, 0 AS replaced, min(ts) AS "minTs", max(ts) AS "maxTs" FROM ins`;

export const gpuSampleTable: TableSpec<GpuSampleRecord> = {
  type: 'gpu_sample',
  table: 'gpu_sample',
  stage: 'stage_gpu_sample',
  stageDdl: `CREATE TEMP TABLE IF NOT EXISTS stage_gpu_sample (
    ts_ms float8, interval_s float8, node_id integer, gpu smallint, role text,
    input_tokens bigint, cached_tokens bigint, output_tokens bigint, requests bigint, running_requests bigint,
    kv_cache_tokens bigint, kv_cache_capacity bigint, dispatch_send_tokens bigint, dispatch_recv_tokens bigint,
    util_pct float8, mem_used_bytes bigint, power_w float8) ON COMMIT DELETE ROWS`,
  partitionTime: (r) => r.ts,
  nodeNames: (r) => [r.node],
  modelNames: () => [],
  copyLine: (r, ids) =>
    `${r.ts}\t${r.intervalS}\t${ids.node(r.node)}\t${r.gpu}\t${r.role}\t` +
    `${n(r.inputTokens)}\t${n(r.cachedTokens)}\t${n(r.outputTokens)}\t${n(r.requests)}\t${n(r.runningRequests)}\t` +
    `${n(r.kvCacheTokens)}\t${n(r.kvCacheCapacity)}\t${n(r.dispatchSendTokens)}\t${n(r.dispatchRecvTokens)}\t` +
    `${n(r.utilPct)}\t${n(r.memUsedBytes)}\t${n(r.powerW)}\n`,
  insertSql: `WITH ins AS (${INSERT_STAGED}), ${nodeMinuteRollupCtes('ins')} ${RESULT}`,
  async replace(client, jobId) {
    const old = await client.query<{ replaced: number }>(`
      WITH del AS (
        DELETE FROM gpu_sample g USING stage_gpu_sample s
         WHERE g.node_id = s.node_id AND g.gpu = s.gpu AND g.ts = to_timestamp(s.ts_ms / 1000)
        RETURNING g.node_id, g.ts, g.interval_s
      ), mark AS (${markNodeHours('del')})
      SELECT count(*)::int AS replaced FROM del`);
    const moved = await client.query(`WITH ins AS (${INSERT_STAGED}), ${nodeMinuteRollupCtes('ins')} ${RESULT}`, [jobId]);
    await recomputeNodeRollups(client);
    return { ...moved.rows[0], replaced: old.rows[0].replaced };
  },
};
