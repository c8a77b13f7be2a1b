import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { deleteJob } from './jobs';
import { gpuSample, nodeEvent, request, storeRecords } from './testRecords';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const T0 = Date.parse('2025-02-27T04:00:00Z');
const MIN = 60_000;

const store = (records: CanonicalRecord[], replace = false) => storeRecords(db, records, { replace });

async function snapshot() {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    requests: await q('SELECT coalesce(request_id, request_key::text) AS request_id, input_tokens FROM request ORDER BY 1'),
    samples: await q('SELECT count(*)::int AS n, sum(input_tokens)::int AS input FROM gpu_sample'),
    nodeMinute: await q(
      `SELECT bucket, node_id, role, samples, gpu_mask, gpu_seconds, input_tokens, cached_tokens, kv_cache_tokens_s
         FROM rollup_node_minute ORDER BY node_id, bucket, role`,
    ),
    requestMinute: await q('SELECT bucket, model_id, source, requests, input_tokens, kv_entries FROM rollup_request_minute ORDER BY 1, 2, 3'),
  };
}

const day = [
  request({ requestId: 'r1', arrivedAt: T0 + 5_000 }),
  request({ requestId: 'r2', arrivedAt: T0 + 65_000, inputTokens: 2000, outputTokens: 3, cachedTokens: 0 }),
  request({ requestId: 'r2', arrivedAt: T0 + 65_000 }), // a repeat inside the same batch
  gpuSample({ ts: T0 + 10_000, node: 'n1', gpu: 0 }),
  gpuSample({ ts: T0 + 10_000, node: 'n1', gpu: 3 }),
  // 60 s sample ending 30 s into the second minute: split half and half.
  gpuSample({ ts: T0 + 90_000, node: 'n2', gpu: 1, intervalS: 60, inputTokens: 1001, cachedTokens: 0 }),
  nodeEvent({ ts: T0, node: 'n1' }),
];

test('a batch stores each row once and counts repeats as duplicates', async () => {
  const { result } = await store(day);
  assert.deepEqual(result, { accepted: 6, duplicates: 1, replaced: 0, rejected: 0 });
  const again = await store(day);
  assert.deepEqual(again.result, { accepted: 0, duplicates: 7, replaced: 0, rejected: 0 });
});

test('rollups split a sample over the minutes it covers and sum back exactly', async () => {
  const { nodeMinute, requestMinute } = await snapshot();
  const n2 = nodeMinute.filter((r) => r.input_tokens !== 1400);
  assert.deepEqual(n2.map((r) => [new Date(r.bucket).getTime() - T0, r.input_tokens, r.gpu_seconds]), [
    [0, 500, 30],
    [MIN, 501, 30],
  ]);
  const n1 = nodeMinute.find((r) => r.input_tokens === 1400);
  assert.equal(n1?.gpu_mask, (1 << 0) | (1 << 3));
  assert.equal(n1?.samples, 2);
  assert.equal(n1?.kv_cache_tokens_s, 2 * 1000 * 10);
  // r2 (the first version in the batch wins): O*I + O*(O-1)/2 = 3*2000 + 3 = 6003
  assert.deepEqual(requestMinute.map((r) => [r.input_tokens, r.kv_entries]), [
    [1000, 100 * 1000 + (100 * 99) / 2],
    [2000, 6003],
  ]);
});

test('replace overwrites stored keys and rebuilds the rollups of the hours they touched', async () => {
  const { result } = await store([
    request({ requestId: 'r1', arrivedAt: T0 + 5_000, inputTokens: 5000, cachedTokens: 0 }),
    gpuSample({ ts: T0 + 90_000, node: 'n2', gpu: 1, intervalS: 60, inputTokens: 3000, cachedTokens: 0 }),
  ], true);
  assert.deepEqual(result, { accepted: 2, duplicates: 0, replaced: 2, rejected: 0 });
  const { requests, nodeMinute, requestMinute } = await snapshot();
  assert.deepEqual(requests.map((r) => [r.request_id, r.input_tokens]), [['r1', 5000], ['r2', 2000]]);
  assert.deepEqual(nodeMinute.filter((r) => r.gpu_mask === 2).map((r) => r.input_tokens), [1500, 1500]);
  assert.deepEqual(requestMinute.map((r) => r.input_tokens), [5000, 2000]);
});

test('deleting a job removes its rows and rebuilds the rollups without them', async () => {
  const before = await snapshot();
  const { jobId } = await store([gpuSample({ ts: T0 + 20_000, node: 'n1', gpu: 5, inputTokens: 100, cachedTokens: 0 })]);
  assert.notDeepEqual(await snapshot(), before);
  assert.deepEqual(await deleteJob(db, jobId), { rows: 1 });
  assert.deepEqual(await snapshot(), before);
  const job = await db.prisma.ingestJob.findUniqueOrThrow({ where: { id: jobId } });
  assert.equal(job.status, 'deleted');
});

test('a record waiting for its new name keeps its place: the first of a repeated key still wins', async () => {
  // r9 first names a model not seen before (it waits for the id), then repeats with a known one.
  const { result } = await store([
    request({ requestId: 'r9', arrivedAt: T0 + 7_000, model: 'brand-new-model', inputTokens: 9000, cachedTokens: 0 }),
    request({ requestId: 'r9', arrivedAt: T0 + 7_000, inputTokens: 1 }),
  ]);
  assert.deepEqual(result, { accepted: 1, duplicates: 1, replaced: 0, rejected: 0 });
  const { rows } = await db.pool.query(
    `SELECT r.input_tokens, m.name FROM request r JOIN model m ON m.id = r.model_id WHERE r.request_id = 'r9'`,
  );
  assert.deepEqual(rows, [{ input_tokens: 9000, name: 'brand-new-model' }]);
});

test('a batch whose COPY data spans many 64 KiB messages stores every row once, on the fast and the staged path', async () => {
  const day2 = Date.parse('2025-03-05T00:00:00Z');
  const many = Array.from({ length: 3000 }, (_, i) => request({ requestId: `big-${i}`, arrivedAt: day2 + i * 1000, inputTokens: i }));
  assert.deepEqual((await store(many)).result, { accepted: 3000, duplicates: 0, replaced: 0, rejected: 0 });
  assert.deepEqual((await store([...many, request({ requestId: 'big-new', arrivedAt: day2 })])).result, { accepted: 1, duplicates: 3000, replaced: 0, rejected: 0 });
  const { rows } = await db.pool.query(`SELECT count(*)::int AS n, sum(input_tokens)::int AS input FROM request WHERE arrived_at >= $1`, [new Date(day2)]);
  assert.deepEqual(rows[0], { n: 3001, input: (2999 * 3000) / 2 + 1000 });
});

test('the rows of a one-day batch go straight into its partition; a batch over two days goes through the parent', async () => {
  const day = Date.parse('2025-03-10T23:59:00Z');
  const oneDay = [request({ requestId: 'p-1', arrivedAt: day }), gpuSample({ ts: day, node: 'p', gpu: 0 })];
  const twoDays = [request({ requestId: 'p-2', arrivedAt: day + 1000 }), request({ requestId: 'p-3', arrivedAt: day + 2 * MIN })];
  assert.equal((await store(oneDay)).result.accepted, 2);
  assert.equal((await store(twoDays)).result.accepted, 2);
  // Read partition by partition, not by tableoid: on Citus a row's tableoid is its shard's.
  const { rows } = await db.pool.query(
    `SELECT part, id FROM (
       SELECT 'request_p20250310' AS part, coalesce(request_id, request_key::text) AS id FROM request_p20250310
       UNION ALL SELECT 'request_p20250311', coalesce(request_id, request_key::text) FROM request_p20250311) r
      WHERE id LIKE 'p-%' ORDER BY 2`,
  );
  assert.deepEqual(rows, [
    { part: 'request_p20250310', id: 'p-1' },
    { part: 'request_p20250310', id: 'p-2' },
    { part: 'request_p20250311', id: 'p-3' },
  ]);
  const samples = await db.pool.query(`SELECT count(*)::int AS n FROM gpu_sample_p20250310 WHERE ts = $1`, [new Date(day)]);
  assert.deepEqual(samples.rows, [{ n: 1 }]);
});
