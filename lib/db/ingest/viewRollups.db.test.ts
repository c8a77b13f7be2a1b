import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import type { CanonicalRecord, ExpertLoadRecord } from '@/lib/ingest/records';
import { ROWS_PER_READ } from '@/lib/db/eachRow';
import { deleteJob } from './jobs';
import { gpuSample, request, storeRecords } from './testRecords';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const T0 = Date.parse('2025-02-27T04:00:00Z');
const MIN = 60_000;

const store = async (records: CanonicalRecord[], replace = false) => (await storeRecords(db, records, { replace })).jobId;

const expertLoad = (over: Partial<ExpertLoadRecord> & { ts: number; expert: number }): ExpertLoadRecord => ({
  type: 'expert_load', intervalS: 600, phase: 'decode', layer: 0, node: 'n1', gpu: 0, tokens: 1000, ...over,
});

// Samples straddle an hour and a 10-minute edge; requests name their prefill GPU; expert loads straddle an hour.
const records: CanonicalRecord[] = [
  gpuSample({ ts: T0 + 30_000, node: 'n1', gpu: 0, intervalS: 60, inputTokens: 1001, kvCacheTokens: 10 }),
  gpuSample({ ts: T0 + 30_000, node: 'n1', gpu: 1, intervalS: 60, inputTokens: 3003, kvCacheTokens: 30 }),
  gpuSample({ ts: T0 + 10 * MIN + 10_000, node: 'n2', gpu: 0, role: 'decode', inputTokens: 0, outputTokens: 77, dispatchRecvTokens: 500 }),
  request({ requestId: 'a', arrivedAt: T0 + 1_000, prefillNode: 'n1', prefillGpu: 0, sampleWeight: 3 }),
  request({ requestId: 'b', arrivedAt: T0 - 1_000, prefillNode: 'n1', prefillGpu: 1, firstTokenAt: T0, finishedAt: T0 + 9_900 }),
  expertLoad({ ts: T0 + 5 * MIN, expert: 4, tokens: 1001 }),
  expertLoad({ ts: T0 + 5 * MIN, expert: 5, gpu: 1, tokens: 10 }),
];

const TABLES = {
  rollup_node_hour: 'node_id, bucket, role, samples, gpu_mask, gpu_seconds, input_tokens, kv_cache_tokens_s',
  rollup_request_hour: 'bucket, model_id, source, requests, input_tokens, kv_entries, speed_sum',
  rollup_request_hist_hour_bins: 'bucket, model_id, source, metric, bin, weight',
  rollup_gpu_10min: 'node_id, bucket, gpu, role, gpu_seconds, input_tokens, output_tokens, dispatch_recv_tokens, kv_cache_tokens_s',
  rollup_gpu_hour: 'node_id, bucket, gpu, role, gpu_seconds, input_tokens, output_tokens, dispatch_recv_tokens, kv_cache_tokens_s',
  rollup_node_day: 'node_id, bucket, role, samples, gpu_mask, gpu_seconds, input_tokens, kv_cache_tokens_s',
  rollup_request_day: 'bucket, model_id, source, requests, input_tokens, kv_entries, speed_sum',
  rollup_request_hist_day_bins: 'bucket, model_id, source, metric, bin, weight',
  rollup_gpu_day: 'node_id, bucket, gpu, role, gpu_seconds, input_tokens, output_tokens, dispatch_recv_tokens, kv_cache_tokens_s',
  rollup_gpu_attention_10min: 'node_id, bucket, gpu, attention, new_tokens, requests',
  rollup_balance_slot: 'slot, role, input_n, input_sum, input_max, kv_n, kv_sum, kv_max, recv_n, recv_sum, recv_max',
  rollup_expert_hour: 'phase, layer, bucket, expert, tokens',
  rollup_expert_gpu_hour: 'node_id, bucket, gpu, phase, layer, tokens',
  rollup_balance_hour: 'bucket, role, objective, ratio_sum, intervals',
  rollup_node_last: 'node_id, role, last_at',
};

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, columns] of Object.entries(TABLES)) {
    out[table] = (await db.pool.query(`SELECT ${columns} FROM ${table} ORDER BY ${columns}`)).rows;
  }
  return out;
}

let ingested: Record<string, unknown[]>;

// Each day tier against its hour tier: keys, and the columns summed (or or-ed) into a day.
const DAY_TIERS = [
  { day: 'rollup_node_day', hour: 'rollup_node_hour', keys: ['node_id', 'role'], sums: ['samples', 'gpu_seconds', 'input_tokens', 'kv_cache_tokens_s', 'energy_j'], or: 'gpu_mask' },
  { day: 'rollup_request_day', hour: 'rollup_request_hour', keys: ['model_id', 'source'], sums: ['requests', 'input_tokens', 'kv_entries', 'speed_sum', 'ttft_weight'] },
  { day: 'rollup_request_hist_day_bins', hour: 'rollup_request_hist_hour_bins', keys: ['model_id', 'source', 'metric', 'bin'], sums: ['weight'] },
  { day: 'rollup_gpu_day', hour: 'rollup_gpu_hour', keys: ['node_id', 'gpu', 'role'], sums: ['gpu_seconds', 'output_tokens', 'dispatch_recv_tokens', 'running_requests_s'] },
];

/** Every day row is the sum of its UTC day's hour rows, and every such sum has its day row. */
async function assertDaysAreHourSums(): Promise<void> {
  for (const { day, hour, keys, sums, or } of DAY_TIERS) {
    const aggregates = [...sums.map((c) => `sum(${c})::float8 AS ${c}`), ...(or ? [`bit_or(${or}) AS ${or}`] : [])].join(', ');
    const columns = [...sums.map((c) => `${c}::float8 AS ${c}`), ...(or ? [or] : [])].join(', ');
    const order = `ORDER BY bucket, ${keys.join(', ')}`;
    const fromHours = await db.pool.query(`SELECT date_trunc('day', bucket, 'UTC') AS bucket, ${keys.join(', ')}, ${aggregates} FROM ${hour} GROUP BY 1, ${keys.join(', ')} ${order}`);
    const days = await db.pool.query(`SELECT bucket, ${keys.join(', ')}, ${columns} FROM ${day} ${order}`);
    assert.deepEqual(days.rows, fromHours.rows, day);
  }
}

test('an ingest fills every view rollup', async () => {
  await store(records);
  ingested = await snapshot();
  for (const [table, rows] of Object.entries(ingested)) assert.ok(rows.length > 0, table);
  await assertDaysAreHourSums();
  const q = async (sql: string) => (await db.pool.query(sql)).rows[0];
  // The hour tier holds exactly the minute sums.
  assert.deepEqual(
    await q(`SELECT sum(input_tokens)::int AS input, sum(gpu_seconds) AS secs FROM rollup_node_hour`),
    await q(`SELECT sum(input_tokens)::int AS input, sum(gpu_seconds) AS secs FROM rollup_node_minute`),
  );
  assert.deepEqual(
    await q(`SELECT sum(weight) AS w FROM rollup_request_hist_hour_bins`),
    await q(`SELECT sum(weight) AS w FROM rollup_request_hist_bins`),
  );
  // Two KV-length weights: request a (3 × 100 tokens) and b (1 × 100 tokens).
  assert.deepEqual(await q(`SELECT sum(weight) AS w FROM rollup_request_hist_bins WHERE metric = 3`), { w: 400 });
  // The expert load straddling T0 splits 500 | 501, per expert and per GPU.
  assert.deepEqual(
    (await db.pool.query(`SELECT extract(epoch FROM bucket - $1::timestamptz)::int AS at, tokens FROM rollup_expert_hour WHERE expert = 4 ORDER BY 1`, [new Date(T0)])).rows,
    [{ at: -3600, tokens: 500 }, { at: 0, tokens: 501 }],
  );
  // The prefill slot ending at T0 + 30 s: GPUs at 1001/60 and 3003/60 tokens/s.
  const slot = await q(`SELECT input_n, input_sum, input_max FROM rollup_balance_slot WHERE role = 'prefill'`);
  assert.deepEqual(slot, { input_n: 2, input_sum: 4004 / 60, input_max: 3003 / 60 });
});

test('replacing the same rows rebuilds every view rollup to the same figures', async () => {
  await store(records, true);
  assert.deepEqual(await snapshot(), ingested);
  await assertDaysAreHourSums();
});

test('deleting the jobs rebuilds the view rollups without their rows', async () => {
  const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM ingest_job ORDER BY id`);
  for (const { id } of rows) await deleteJob(db, BigInt(id));
  const left = await snapshot();
  for (const [table, rows] of Object.entries(left)) assert.deepEqual(rows, [], table);
  await assertDaysAreHourSums();
});

test('a batch meeting rows already stored adds only the new rows to every view rollup (the staged path)', async () => {
  await store(records.filter((_, i) => i % 2 === 0));
  const { rows } = await db.pool.query(`SELECT accepted, duplicates FROM ingest_job ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(rows, [{ accepted: 4, duplicates: 0 }]);
  await store(records);
  const { rows: second } = await db.pool.query(`SELECT accepted, duplicates FROM ingest_job ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(second, [{ accepted: 3, duplicates: 4 }]);
  assert.deepEqual(await snapshot(), ingested);
  await assertDaysAreHourSums();
});

test('an hour of more requests than one cursor read is rebuilt to the same figures', async () => {
  const hour = T0 + 5 * 60 * MIN;
  // Decoding takes 1 s, so output speeds are whole numbers: float sums would depend on the order
  // rows are added in (the ingest's is the file's, a rebuild's the table's).
  const many = Array.from({ length: 2.5 * ROWS_PER_READ }, (_, i) => {
    const arrivedAt = hour + ((i * 137) % 3_600_000);
    return request({
      requestId: `many-${i}`, arrivedAt, inputTokens: 100 + (i % 900), outputTokens: 1 + (i % 50),
      firstTokenAt: arrivedAt + 200, finishedAt: arrivedAt + 1200,
    });
  });
  await store(many);
  const stored = await snapshot();
  await store(many.slice(0, 10), true);
  assert.deepEqual(await snapshot(), stored);
  await assertDaysAreHourSums();
});
