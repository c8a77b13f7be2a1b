import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import type { GpuBucket } from './viewRollups';
import { upsertGpuBuckets } from './viewRollupStore';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const T0 = Date.parse('2025-02-27T04:00:00Z');
const pages = async (table: string) =>
  Number((await db.pool.query(`SELECT pg_relation_size($1::regclass) / current_setting('block_size')::int AS n`, [table])).rows[0].n);

// 50 nodes × 8 GPUs in one hour, as each batch of a day of 10 s samples adds to them.
const gpuHour = (i: number): GpuBucket => ({
  bucket: T0, nodeId: 1 + (i >> 3), gpu: i % 8, role: 'decode', gpuSeconds: 10, inputTokens: 0, cachedTokens: 0,
  outputTokens: 1500, requests: 3, dispatchRecvTokens: 900, runningRequestsS: 640, kvCacheTokensS: 4e6, kvCacheCapacityS: 6e6,
});

test('the hour and 10-minute rollups leave room on each page for the next version of its rows', async () => {
  const { rows } = await db.pool.query(
    `SELECT relname, reloptions FROM pg_class WHERE relname IN ('rollup_gpu_hour', 'rollup_gpu_10min', 'rollup_node_hour') ORDER BY relname`,
  );
  assert.deepEqual(rows.map((r) => [r.relname, r.reloptions]), [
    ['rollup_gpu_10min', ['fillfactor=50']], ['rollup_gpu_hour', ['fillfactor=50']], ['rollup_node_hour', ['fillfactor=50']],
  ]);
});

test('batch after batch adding to the same GPU-hours, the table stays near its first size (updates stay on their page)', async () => {
  const rows = Array.from({ length: 400 }, (_, i) => gpuHour(i));
  const client = await db.pool.connect();
  try {
    await upsertGpuBuckets(client, 'rollup_gpu_hour', rows);
    const first = await pages('rollup_gpu_hour');
    for (let batch = 1; batch < 80; batch++) await upsertGpuBuckets(client, 'rollup_gpu_hour', rows); // a transaction each
    const after80 = await pages('rollup_gpu_hour');
    // Packed full (fillfactor 100), nearly every update moved its row to another page: over ten times the first size.
    assert.ok(after80 <= 3 * first, `${after80} pages after 80 batches, ${first} after the first`);
    const { rows: sums } = await client.query(`SELECT count(*)::int AS n, sum(output_tokens)::float8 AS output FROM rollup_gpu_hour`);
    assert.deepEqual(sums[0], { n: 400, output: 400 * 80 * 1500 });
  } finally {
    client.release();
  }
});
