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

test('a batch adding to GPU-hours already stored updates each row on its own page (a HOT update: no new page, no index entry)', async () => {
  const rows = Array.from({ length: 400 }, (_, i) => gpuHour(i));
  const client = await db.pool.connect();
  const pageOf = async () =>
    new Map((await client.query(`SELECT node_id, gpu, (ctid::text::point)[0]::int AS page FROM rollup_gpu_hour`)).rows.map((r) => [`${r.node_id}/${r.gpu}`, r.page]));
  try {
    await upsertGpuBuckets(client, 'rollup_gpu_hour', rows);
    const before = await pageOf();
    await upsertGpuBuckets(client, 'rollup_gpu_hour', rows);
    // Packed full (fillfactor 100), the pages had no room: nearly every row moved to a new page, leaving its old version dead
    // (a day of batches kept a 5.5 MB table in 94 MB). With room, a page's dead versions are pruned in place as it refills.
    assert.deepEqual(await pageOf(), before);
    const { rows: sums } = await client.query(`SELECT count(*)::int AS n, sum(output_tokens)::float8 AS output FROM rollup_gpu_hour`);
    assert.deepEqual(sums[0], { n: 400, output: 400 * 2 * 1500 });
  } finally {
    client.release();
  }
});
