import type { ClientBase } from 'pg';
import { pgArray } from '@/lib/db/pgArray';
import { HIST_METRIC } from '@/lib/metrics/histogram';
import { gpuMask, type NodeMinute, type RequestMinuteWithHist } from './rollupMath';
import type { AttentionBucket, BalanceSlot, ExpertGpuHour, ExpertHour, GpuBucket, HistArrayRow } from './viewRollups';

/**
 * How a column merges into a stored row: key, added, or-ed (GPU masks), the greatest (maxima),
 * the least, or a histogram's bin array added element-wise (aligned by the row's `lo` bin).
 */
type Merge = 'key' | 'sum' | 'or' | 'max' | 'min' | 'bins';

interface Column<R> {
  name: string;
  type: string;
  merge: Merge;
  value: (r: R) => unknown;
}

const iso = (ms: number) => new Date(ms).toISOString();
const col = <R>(name: string, type: string, merge: Merge, value: (r: R) => unknown): Column<R> => ({ name, type, merge, value });

const MERGE_SQL: Record<Exclude<Merge, 'key'>, (c: string) => string> = {
  sum: (c) => `${c} = t.${c} + excluded.${c}`,
  or: (c) => `${c} = t.${c} | excluded.${c}`,
  max: (c) => `${c} = greatest(t.${c}, excluded.${c})`,
  min: (c) => `${c} = least(t.${c}, excluded.${c})`,
  bins: (c) => `${c} = hist_add(t.lo, t.${c}, excluded.lo, excluded.${c})`,
};

// An array column travels as the text of its array literal (unnest would flatten an array of arrays).
const paramType = (type: string) => (type.endsWith('[]') ? 'text' : type);
const selectAs = (c: Column<never>) => (c.type.endsWith('[]') ? `${c.name}::${c.type}` : c.name);

/** One additive upsert of `rows` (unnest of one array per column, in key order: concurrent ingests lock rows alike). */
async function upsert<R>(client: ClientBase, table: string, columns: Column<R>[], rows: R[]): Promise<void> {
  if (!rows.length) return;
  const keys = columns.filter((c) => c.merge === 'key').map((c) => c.name);
  const names = columns.map((c) => c.name).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${paramType(c.type)}[]`).join(', ');
  const updates = columns.flatMap((c) => (c.merge === 'key' ? [] : [MERGE_SQL[c.merge](c.name)])).join(', ');
  await client.query(
    `INSERT INTO ${table} AS t (${names})
     SELECT ${columns.map(selectAs).join(', ')} FROM unnest(${arrays}) AS u(${names}) ORDER BY ${keys.map((k) => columns.findIndex((c) => c.name === k) + 1).join(', ')}
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates}`,
    columns.map((c) => pgArray(rows.map(c.value))),
  );
}

const NODE_COLUMNS: Column<NodeMinute>[] = [
  col('node_id', 'int', 'key', (r) => r.nodeId),
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('role', 'text', 'key', (r) => r.role),
  col('samples', 'bigint', 'sum', (r) => r.samples),
  col('gpu_mask', 'bigint', 'or', gpuMask),
  col('gpu_seconds', 'float8', 'sum', (r) => r.gpuSeconds),
  col('token_seconds', 'float8', 'sum', (r) => r.tokenSeconds),
  col('input_tokens', 'bigint', 'sum', (r) => r.inputTokens),
  col('cached_tokens', 'bigint', 'sum', (r) => r.cachedTokens),
  col('output_tokens', 'bigint', 'sum', (r) => r.outputTokens),
  col('requests', 'bigint', 'sum', (r) => r.requests),
  col('dispatch_send_tokens', 'bigint', 'sum', (r) => r.dispatchSendTokens),
  col('dispatch_recv_tokens', 'bigint', 'sum', (r) => r.dispatchRecvTokens),
  col('running_requests_s', 'float8', 'sum', (r) => r.runningRequestsS),
  col('kv_cache_tokens_s', 'float8', 'sum', (r) => r.kvCacheTokensS),
  col('kv_cache_capacity_s', 'float8', 'sum', (r) => r.kvCacheCapacityS),
  col('util_pct_s', 'float8', 'sum', (r) => r.utilPctS),
  col('power_w_s', 'float8', 'sum', (r) => r.powerWS),
  col('energy_j', 'float8', 'sum', (r) => r.energyJ),
];

const REQUEST_COLUMNS: Column<RequestMinuteWithHist>[] = [
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('model_id', 'int', 'key', (r) => r.modelId),
  col('source', 'text', 'key', (r) => r.source),
  col('requests', 'float8', 'sum', (r) => r.requests),
  col('input_tokens', 'float8', 'sum', (r) => r.inputTokens),
  col('cached_tokens', 'float8', 'sum', (r) => r.cachedTokens),
  col('output_tokens', 'float8', 'sum', (r) => r.outputTokens),
  col('kv_entries', 'float8', 'sum', (r) => r.kvEntries),
  col('speed_sum', 'float8', 'sum', (r) => r.speedSum),
  col('speed_weight', 'float8', 'sum', (r) => r.speedWeight),
  col('ttft_ms_sum', 'float8', 'sum', (r) => r.ttftMsSum),
  col('ttft_weight', 'float8', 'sum', (r) => r.ttftWeight),
];

const HIST_COLUMNS: Column<HistArrayRow>[] = [
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('model_id', 'int', 'key', (r) => r.modelId),
  col('source', 'text', 'key', (r) => r.source),
  col('metric', 'smallint', 'key', (r) => r.metric),
  col('lo', 'smallint', 'min', (r) => r.lo),
  col('weights', 'float8[]', 'bins', (r) => pgArray(r.weights)),
];

const GPU_COLUMNS: Column<GpuBucket>[] = [
  col('node_id', 'int', 'key', (r) => r.nodeId),
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('gpu', 'smallint', 'key', (r) => r.gpu),
  col('role', 'text', 'key', (r) => r.role),
  col('gpu_seconds', 'float8', 'sum', (r) => r.gpuSeconds),
  col('input_tokens', 'bigint', 'sum', (r) => r.inputTokens),
  col('cached_tokens', 'bigint', 'sum', (r) => r.cachedTokens),
  col('output_tokens', 'bigint', 'sum', (r) => r.outputTokens),
  col('requests', 'bigint', 'sum', (r) => r.requests),
  col('dispatch_recv_tokens', 'bigint', 'sum', (r) => r.dispatchRecvTokens),
  col('running_requests_s', 'float8', 'sum', (r) => r.runningRequestsS),
  col('kv_cache_tokens_s', 'float8', 'sum', (r) => r.kvCacheTokensS),
  col('kv_cache_capacity_s', 'float8', 'sum', (r) => r.kvCacheCapacityS),
];

const ATTENTION_COLUMNS: Column<AttentionBucket>[] = [
  col('node_id', 'int', 'key', (r) => r.nodeId),
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('gpu', 'smallint', 'key', (r) => r.gpu),
  col('attention', 'float8', 'sum', (r) => r.attention),
  col('new_tokens', 'float8', 'sum', (r) => r.newTokens),
  col('requests', 'float8', 'sum', (r) => r.requests),
  col('sampled', 'bigint', 'sum', (r) => r.sampled),
];

const BALANCE_COLUMNS: Column<BalanceSlot>[] = [
  col('slot', 'timestamptz', 'key', (r) => iso(r.slot)),
  col('role', 'text', 'key', (r) => r.role),
  ...(['input', 'kv', 'running', 'recv'] as const).flatMap((o) => [
    col<BalanceSlot>(`${o}_n`, 'bigint', 'sum', (r) => r[`${o}N`]),
    col<BalanceSlot>(`${o}_sum`, 'float8', 'sum', (r) => r[`${o}Sum`]),
    col<BalanceSlot>(`${o}_max`, 'float8', 'max', (r) => r[`${o}Max`]),
  ]),
];

const EXPERT_COLUMNS: Column<ExpertHour>[] = [
  col('phase', 'text', 'key', (r) => r.phase),
  col('layer', 'smallint', 'key', (r) => r.layer),
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('expert', 'smallint', 'key', (r) => r.expert),
  col('tokens', 'bigint', 'sum', (r) => r.tokens),
];

const EXPERT_GPU_COLUMNS: Column<ExpertGpuHour>[] = [
  col('node_id', 'int', 'key', (r) => r.nodeId),
  col('bucket', 'timestamptz', 'key', (r) => iso(r.bucket)),
  col('gpu', 'smallint', 'key', (r) => r.gpu),
  col('phase', 'text', 'key', (r) => r.phase),
  col('layer', 'smallint', 'key', (r) => r.layer),
  col('tokens', 'bigint', 'sum', (r) => r.tokens),
];

/** The histogram rows of request minutes or hours (TTFT, output speed), one per metric that has bins. */
const histRows = (rows: RequestMinuteWithHist[]): HistArrayRow[] =>
  rows.flatMap(({ bucket, modelId, source, ttftBins, speedBins }) =>
    ([[HIST_METRIC.ttftMs, ttftBins], [HIST_METRIC.outputSpeed, speedBins]] as const).flatMap(([metric, bins]) =>
      bins.weights.length ? [{ bucket, modelId, source, metric, ...bins.row() }] : [],
    ),
  );

export const upsertNodeMinutes = (c: ClientBase, rows: NodeMinute[]) => upsert(c, 'rollup_node_minute', NODE_COLUMNS, rows);
export const upsertNodeHours = (c: ClientBase, rows: NodeMinute[]) => upsert(c, 'rollup_node_hour', NODE_COLUMNS, rows);

export async function upsertRequestMinutes(c: ClientBase, rows: RequestMinuteWithHist[], kvHist: HistArrayRow[]): Promise<void> {
  await upsert(c, 'rollup_request_minute', REQUEST_COLUMNS, rows);
  await upsert(c, 'rollup_request_hist', HIST_COLUMNS, [...histRows(rows), ...kvHist]);
}

export async function upsertRequestHours(c: ClientBase, rows: RequestMinuteWithHist[], kvHist: HistArrayRow[]): Promise<void> {
  await upsert(c, 'rollup_request_hour', REQUEST_COLUMNS, rows);
  await upsert(c, 'rollup_request_hist_hour', HIST_COLUMNS, [...histRows(rows), ...kvHist]);
}

export const upsertGpuBuckets = (c: ClientBase, table: 'rollup_gpu_10min' | 'rollup_gpu_hour', rows: GpuBucket[]) => upsert(c, table, GPU_COLUMNS, rows);
export const upsertAttention = (c: ClientBase, rows: AttentionBucket[]) => upsert(c, 'rollup_gpu_attention_10min', ATTENTION_COLUMNS, rows);
export const upsertBalanceSlots = (c: ClientBase, rows: BalanceSlot[]) => upsert(c, 'rollup_balance_slot', BALANCE_COLUMNS, rows);

export async function upsertExpertHours(c: ClientBase, experts: ExpertHour[], gpus: ExpertGpuHour[]): Promise<void> {
  await upsert(c, 'rollup_expert_hour', EXPERT_COLUMNS, experts);
  await upsert(c, 'rollup_expert_gpu_hour', EXPERT_GPU_COLUMNS, gpus);
}

const HOUR_RANGE = `t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000 + 3600)`;

/** Removes whole hours of the fleet-wide view rollups of requests before they are rebuilt. */
export async function deleteRequestViewHours(client: ClientBase, hours: number[]): Promise<void> {
  for (const table of ['rollup_request_hour', 'rollup_request_hist_hour', 'rollup_gpu_attention_10min']) {
    await client.query(`DELETE FROM ${table} t USING unnest($1::float8[]) AS h(ms) WHERE ${HOUR_RANGE}`, [hours]);
  }
}

/** Removes whole hours of one node's view rollups before they are rebuilt. */
export async function deleteNodeViewHours(client: ClientBase, nodeHours: { nodeId: number; hour: number }[]): Promise<void> {
  for (const table of ['rollup_node_hour', 'rollup_gpu_10min', 'rollup_gpu_hour']) {
    await client.query(
      `DELETE FROM ${table} t USING unnest($1::int[], $2::float8[]) AS h(node_id, ms) WHERE t.node_id = h.node_id AND ${HOUR_RANGE}`,
      [nodeHours.map((h) => h.nodeId), nodeHours.map((h) => h.hour)],
    );
  }
}

export async function deleteBalanceHours(client: ClientBase, hours: number[]): Promise<void> {
  await client.query(
    `DELETE FROM rollup_balance_slot t USING unnest($1::float8[]) AS h(ms)
      WHERE t.slot >= to_timestamp(h.ms / 1000) AND t.slot < to_timestamp(h.ms / 1000 + 3600)`,
    [hours],
  );
}

export async function deleteExpertHours(client: ClientBase, hours: number[]): Promise<void> {
  for (const table of ['rollup_expert_hour', 'rollup_expert_gpu_hour']) {
    await client.query(`DELETE FROM ${table} t USING unnest($1::float8[]) AS h(ms) WHERE ${HOUR_RANGE}`, [hours]);
  }
}

// Serialises the recomputation of one hour's imbalance summary between concurrent ingests.
const BALANCE_LOCK = 7_474_001;

const BALANCE_OBJECTIVES_SQL = `LATERAL (VALUES ('input', b.input_n, b.input_sum, b.input_max), ('kv', b.kv_n, b.kv_sum, b.kv_max),
         ('running', b.running_n, b.running_sum, b.running_max), ('recv', b.recv_n, b.recv_sum, b.recv_max)) AS o(objective, n, total, mx)`;

/** Recomputes rollup_balance_hour for whole hours from their slots (under a per-hour lock until commit). */
export async function refreshBalanceHours(client: ClientBase, hours: number[]): Promise<void> {
  if (!hours.length) return;
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  await client.query(`SELECT pg_advisory_xact_lock($1, (h / 3600000)::int) FROM unnest($2::float8[]) AS h`, [BALANCE_LOCK, sorted]);
  await client.query(`DELETE FROM rollup_balance_hour WHERE bucket = ANY(SELECT to_timestamp(h / 1000) FROM unnest($1::float8[]) AS h)`, [sorted]);
  await client.query(
    `INSERT INTO rollup_balance_hour (bucket, role, objective, ratio_sum, intervals)
     SELECT date_trunc('hour', b.slot, 'UTC'), b.role, o.objective, sum(o.mx / (o.total / o.n)), count(*)
       FROM unnest($1::float8[]) AS h(ms)
       JOIN rollup_balance_slot b ON b.slot >= to_timestamp(h.ms / 1000) AND b.slot < to_timestamp(h.ms / 1000) + interval '1 hour',
            ${BALANCE_OBJECTIVES_SQL}
      WHERE o.n > 0 AND o.total > 0
      GROUP BY 1, 2, 3`,
    [sorted],
  );
}

/** Moves each node's newest data per role forward (the end of its last minute). */
export async function upsertNodeLast(client: ClientBase, minutes: NodeMinute[]): Promise<void> {
  const last = new Map<string, { nodeId: number; role: string; at: number }>();
  for (const m of minutes) {
    const key = `${m.nodeId}|${m.role}`;
    const at = m.bucket + 60_000;
    if ((last.get(key)?.at ?? -Infinity) < at) last.set(key, { nodeId: m.nodeId, role: m.role, at });
  }
  const rows = [...last.values()].sort((a, b) => a.nodeId - b.nodeId || a.role.localeCompare(b.role));
  if (!rows.length) return;
  await client.query(
    `INSERT INTO rollup_node_last AS t (node_id, role, last_at)
     SELECT n, r, to_timestamp(a / 1000) FROM unnest($1::int[], $2::text[], $3::float8[]) AS u(n, r, a)
     ON CONFLICT (node_id, role) DO UPDATE SET last_at = greatest(t.last_at, excluded.last_at)`,
    [rows.map((r) => r.nodeId), rows.map((r) => r.role), rows.map((r) => r.at)],
  );
}

/** Recomputes the newest data of some nodes from their minute rollups (after rows were deleted). */
export async function refreshNodeLast(client: ClientBase, nodeIds: number[]): Promise<void> {
  if (!nodeIds.length) return;
  await client.query(`DELETE FROM rollup_node_last WHERE node_id = ANY($1::int[])`, [nodeIds]);
  await client.query(
    `INSERT INTO rollup_node_last (node_id, role, last_at)
     SELECT node_id, role, max(bucket) + interval '1 minute' FROM rollup_node_minute WHERE node_id = ANY($1::int[]) GROUP BY 1, 2`,
    [nodeIds],
  );
}
