import type { ClientBase } from 'pg';
import { pgArray } from '@/lib/db/pgArray';
import { HIST_METRIC } from '@/lib/metrics/histogram';
import { dayOfHour } from '@/lib/time/dayGrid';
import type { TimeWindow } from '@/lib/time/window';
import { lockDayGrid, lockDays } from './dayTier';
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
export const upsertNodeDays = (c: ClientBase, rows: NodeMinute[]) => upsert(c, 'rollup_node_day', NODE_COLUMNS, rows);

export async function upsertRequestMinutes(c: ClientBase, rows: RequestMinuteWithHist[], kvHist: HistArrayRow[]): Promise<void> {
  await upsert(c, 'rollup_request_minute', REQUEST_COLUMNS, rows);
  await upsert(c, 'rollup_request_hist', HIST_COLUMNS, [...histRows(rows), ...kvHist]);
}

export async function upsertRequestHours(c: ClientBase, rows: RequestMinuteWithHist[], kvHist: HistArrayRow[]): Promise<void> {
  await upsert(c, 'rollup_request_hour', REQUEST_COLUMNS, rows);
  await upsert(c, 'rollup_request_hist_hour', HIST_COLUMNS, [...histRows(rows), ...kvHist]);
}

export async function upsertRequestDays(c: ClientBase, rows: RequestMinuteWithHist[], kvHist: HistArrayRow[]): Promise<void> {
  await upsert(c, 'rollup_request_day', REQUEST_COLUMNS, rows);
  await upsert(c, 'rollup_request_hist_day', HIST_COLUMNS, [...histRows(rows), ...kvHist]);
}

export const upsertGpuBuckets = (c: ClientBase, table: 'rollup_gpu_10min' | 'rollup_gpu_hour' | 'rollup_gpu_day', rows: GpuBucket[]) => upsert(c, table, GPU_COLUMNS, rows);
export const upsertAttention = (c: ClientBase, rows: AttentionBucket[]) => upsert(c, 'rollup_gpu_attention_10min', ATTENTION_COLUMNS, rows);
export const upsertBalanceSlots = (c: ClientBase, rows: BalanceSlot[]) => upsert(c, 'rollup_balance_slot', BALANCE_COLUMNS, rows);

export async function upsertExpertHours(c: ClientBase, experts: ExpertHour[], gpus: ExpertGpuHour[]): Promise<void> {
  await upsert(c, 'rollup_expert_hour', EXPERT_COLUMNS, experts);
  await upsert(c, 'rollup_expert_gpu_hour', EXPERT_GPU_COLUMNS, gpus);
}

const HOUR_RANGE = `t.bucket >= to_timestamp(h.ms / 1000) AND t.bucket < to_timestamp(h.ms / 1000 + 3600)`;

/**
 * Removes whole hours of the fleet-wide view rollups of requests before they are rebuilt; their
 * days are re-derived from the hours left (the rebuild then adds its hours to both tiers).
 */
export async function deleteRequestViewHours(client: ClientBase, hours: number[]): Promise<void> {
  const dayOf = dayOfHour(await lockDayGrid(client));
  const days = distinctDays(hours.map((h) => ({ day: dayOf(h) })));
  await lockDays(client, days.map((d) => d.day.start), 'exclusive');
  for (const table of ['rollup_request_hour', 'rollup_request_hist_hour', 'rollup_gpu_attention_10min']) {
    await client.query(`DELETE FROM ${table} t USING unnest($1::float8[]) AS h(ms) WHERE ${HOUR_RANGE}`, [hours]);
  }
  await rederiveRequestDays(client, days.map((d) => d.day));
}

/** Removes whole hours of one node's view rollups before they are rebuilt; their node-days are re-derived as above. */
export async function deleteNodeViewHours(client: ClientBase, nodeHours: { nodeId: number; hour: number }[]): Promise<void> {
  const dayOf = dayOfHour(await lockDayGrid(client));
  const days = distinctDays(nodeHours.map((h) => ({ nodeId: h.nodeId, day: dayOf(h.hour) })));
  await lockDays(client, days.map((d) => d.day.start), 'exclusive');
  for (const table of ['rollup_node_hour', 'rollup_gpu_10min', 'rollup_gpu_hour']) {
    await client.query(
      `DELETE FROM ${table} t USING unnest($1::int[], $2::float8[]) AS h(node_id, ms) WHERE t.node_id = h.node_id AND ${HOUR_RANGE}`,
      [nodeHours.map((h) => h.nodeId), nodeHours.map((h) => h.hour)],
    );
  }
  await rederiveDays(client, 'rollup_node_day', 'rollup_node_hour', NODE_COLUMNS, days);
  await rederiveDays(client, 'rollup_gpu_day', 'rollup_gpu_hour', GPU_COLUMNS, days);
}

// ───────────── day tier ─────────────

interface TierDay {
  nodeId?: number;
  day: TimeWindow;
}

/** The distinct days (of a node, when given) among some hours' days, leaving out hours outside the tier. */
function distinctDays(days: { nodeId?: number; day: TimeWindow | null }[]): TierDay[] {
  const out = new Map<string, TierDay>();
  for (const { nodeId, day } of days) if (day) out.set(`${nodeId ?? ''}|${day.start}`, nodeId === undefined ? { day } : { nodeId, day });
  return [...out.values()];
}

const AGGREGATE_SQL: Partial<Record<Merge, (c: string) => string>> = { sum: (c) => `sum(t.${c})`, or: (c) => `bit_or(t.${c})` };

function dayAggregate<R>(column: Column<R>): string {
  if (column.name === 'bucket') return 'to_timestamp(d.ms / 1000)';
  if (column.merge === 'key') return `t.${column.name}`;
  const aggregate = AGGREGATE_SQL[column.merge];
  if (!aggregate) throw new Error(`no day aggregate for ${column.name} (${column.merge})`);
  return aggregate(column.name);
}

/** The days as unnest(…) AS d(ms, end_ms[, node_id]) and its parameters. */
function daysSql(days: TierDay[], byNode: boolean): { unnest: string; params: unknown[] } {
  const params: unknown[] = [days.map((d) => d.day.start), days.map((d) => d.day.end)];
  if (!byNode) return { unnest: 'unnest($1::float8[], $2::float8[]) AS d(ms, end_ms)', params };
  return { unnest: 'unnest($1::float8[], $2::float8[], $3::int[]) AS d(ms, end_ms, node_id)', params: [...params, days.map((d) => d.nodeId)] };
}

/**
 * Re-derives the day rows of some days (of some nodes, when given) from the hour rows: the day
 * tier's sums are the hours' sums.
 */
async function rederiveDays<R>(client: ClientBase, dayTable: string, hourTable: string, columns: Column<R>[], days: TierDay[]): Promise<void> {
  if (!days.length) return;
  const byNode = days[0].nodeId !== undefined;
  const { unnest, params } = daysSql(days, byNode);
  const match = byNode ? 't.node_id = d.node_id AND ' : '';
  const keys = columns.flatMap((c, i) => (c.merge === 'key' ? [i + 1] : []));
  await client.query(`DELETE FROM ${dayTable} t USING ${unnest} WHERE ${match}t.bucket = to_timestamp(d.ms / 1000)`, params);
  await client.query(
    `INSERT INTO ${dayTable} (${columns.map((c) => c.name).join(', ')})
     SELECT ${columns.map(dayAggregate).join(', ')}
       FROM ${hourTable} t JOIN ${unnest} ON ${match}t.bucket >= to_timestamp(d.ms / 1000) AND t.bucket < to_timestamp(d.end_ms / 1000)
      GROUP BY ${keys.join(', ')}`,
    params,
  );
}

/** Re-derives the request rows and histograms (bin by bin) of some days from their hours. */
async function rederiveRequestDays(client: ClientBase, windows: TimeWindow[]): Promise<void> {
  if (!windows.length) return;
  const days = windows.map((day) => ({ day }));
  await rederiveDays(client, 'rollup_request_day', 'rollup_request_hour', REQUEST_COLUMNS, days);
  const { unnest, params } = daysSql(days, false);
  await client.query(`DELETE FROM rollup_request_hist_day t USING ${unnest} WHERE t.bucket = to_timestamp(d.ms / 1000)`, params);
  await client.query(
    `WITH bins AS (
       SELECT to_timestamp(d.ms / 1000) AS bucket, h.model_id, h.source, h.metric, h.bin, sum(h.weight) AS weight
         FROM rollup_request_hist_hour_bins h JOIN ${unnest}
           ON h.bucket >= to_timestamp(d.ms / 1000) AND h.bucket < to_timestamp(d.end_ms / 1000)
        GROUP BY 1, 2, 3, 4, 5
     ), spans AS (
       SELECT bucket, model_id, source, metric, min(bin) AS lo, max(bin) AS hi FROM bins GROUP BY 1, 2, 3, 4
     )
     INSERT INTO rollup_request_hist_day (bucket, model_id, source, metric, lo, weights)
     SELECT s.bucket, s.model_id, s.source, s.metric, s.lo, array_agg(coalesce(b.weight, 0) ORDER BY g.bin)
       FROM spans s CROSS JOIN LATERAL generate_series(s.lo::integer, s.hi::integer) AS g(bin)
       LEFT JOIN bins b ON (b.bucket, b.model_id, b.source, b.metric, b.bin) = (s.bucket, s.model_id, s.source, s.metric, g.bin)
      GROUP BY s.bucket, s.model_id, s.source, s.metric, s.lo`,
    params,
  );
}

/** Re-derives every tier table's rows of some days (all nodes) from the hours. */
export async function rederiveTierDays(client: ClientBase, windows: TimeWindow[]): Promise<void> {
  if (!windows.length) return;
  const days = windows.map((day) => ({ day }));
  await rederiveDays(client, 'rollup_node_day', 'rollup_node_hour', NODE_COLUMNS, days);
  await rederiveDays(client, 'rollup_gpu_day', 'rollup_gpu_hour', GPU_COLUMNS, days);
  await rederiveRequestDays(client, windows);
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
