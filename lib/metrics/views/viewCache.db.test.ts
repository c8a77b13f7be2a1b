import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { gpuSample, nodeEvent, request, storeRecords } from '@/lib/db/ingest/testRecords';
import { MetricsQuery } from './params';
import { serveView } from './serve';
import { viewCache } from './viewCache';
import { finishJob } from '@/lib/db/ingest/jobs';

let db: TestDb;
const T0 = Date.parse('2025-03-03T00:00:00Z');
const H = 3_600_000;
// The day has ended: its views are cached.
const NOW = T0 + 3 * 24 * H;
const day = MetricsQuery.parse({ from: new Date(T0).toISOString(), to: new Date(T0 + 24 * H).toISOString(), tz: 'UTC', dayStart: '00:00' });

const requests = (from: number, count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => request({ requestId: `${prefix}-${i}`, arrivedAt: from + i * 60_000, inputTokens: 1000 }));

before(async () => {
  db = await createTestDb();
  await storeRecords(db, [
    nodeEvent({ ts: T0, node: 'n1' }),
    ...Array.from({ length: 6 }, (_, i) => gpuSample({ ts: T0 + i * 600_000, node: 'n1', gpu: 0 })),
    ...requests(T0, 10, 'first'),
  ]);
});
after(async () => {
  await db.drop();
});
beforeEach(() => viewCache().clear());

test("a closed window's view is served from memory the second time", async () => {
  const first = await serveView(db, 'overview', day, NOW);
  const second = await serveView(db, 'overview', day, NOW);
  assert.equal(second, first, 'the same view object, not a recomputation');
  assert.equal(viewCache().computations, 1);
});

test('an ingest into a cached window changes the answer', async () => {
  const before = await serveView(db, 'overview', day, NOW);
  await storeRecords(db, requests(T0 + 12 * H, 5, 'late'), { fileName: 'late.jsonl' });
  const after = await serveView(db, 'overview', day, NOW);
  assert.notEqual(after, before);
  assert.notDeepEqual(after.figures, before.figures);
  assert.equal(await serveView(db, 'overview', day, NOW), after, 'and the new answer is cached in turn');
  assert.equal(viewCache().computations, 2);
});

test('an ingest outside the window leaves its cached view in place', async () => {
  const first = await serveView(db, 'overview', day, NOW);
  await storeRecords(db, requests(T0 + 5 * 24 * H, 3, 'later-day'), { fileName: 'later.jsonl' });
  assert.equal(await serveView(db, 'overview', day, NOW), first);
});

test('a window reaching the present is computed every time', async () => {
  const live = MetricsQuery.parse({ from: new Date(T0).toISOString(), tz: 'UTC', dayStart: '00:00', to: new Date(T0 + 24 * H).toISOString() });
  const first = await serveView(db, 'overview', live, T0 + 12 * H);
  const second = await serveView(db, 'overview', live, T0 + 12 * H);
  assert.notEqual(second, first);
  assert.equal(viewCache().latest.size, 0);
});

test('FLEETLEDGER_VIEW_CACHE=off computes every view', async (t) => {
  t.after(() => { delete process.env.FLEETLEDGER_VIEW_CACHE; });
  process.env.FLEETLEDGER_VIEW_CACHE = 'off';
  const first = await serveView(db, 'overview', day, NOW);
  assert.notEqual(await serveView(db, 'overview', day, NOW), first);
  assert.equal(viewCache().latest.size, 0);
});

test('readers of the same view at once share one computation', async () => {
  const views = await Promise.all(Array.from({ length: 5 }, () => serveView(db, 'overview', day, NOW)));
  for (const view of views) assert.equal(view, views[0]);
  assert.equal(viewCache().computations, 1);
});

test('while an ingest into the window runs, readers get the last view, marked, until it is recomputed; its end is read at once', async () => {
  const before = await serveView(db, 'overview', day, NOW);
  const running = await storeRecords(db, requests(T0 + 13 * H, 4, 'running'), { fileName: 'running.jsonl', running: true });
  const during = await serveView(db, 'overview', day, NOW);
  assert.deepEqual(during.figures, before.figures, 'the view computed before the batch, not its figures');
  assert.ok(during.ingestRunning, 'marked as moving');
  assert.equal(Date.parse(during.ingestRunning.computedAt) <= Date.now(), true);
  await finishJob(db, running.jobId, { format: null });
  const after = await serveView(db, 'overview', day, NOW);
  assert.equal(after.ingestRunning, undefined);
  assert.notDeepEqual(after.figures, before.figures, 'the finished ingest is in the figures');
});

test('while an ingest runs, a view older than the refresh interval is recomputed behind the reader', async (t) => {
  t.after(() => { viewCache().refreshMs = 2_000; });
  await serveView(db, 'kv', day, NOW);
  const running = await storeRecords(db, requests(T0 + 14 * H, 2, 'refresh'), { fileName: 'refresh.jsonl', running: true });
  viewCache().refreshMs = 0;
  const stale = await serveView(db, 'kv', day, NOW);
  await viewCache().idle();
  const fresh = await serveView(db, 'kv', day, NOW);
  assert.ok(Date.parse(fresh.ingestRunning?.computedAt ?? '') >= Date.parse(stale.ingestRunning?.computedAt ?? ''));
  assert.notEqual(fresh.figures, stale.figures, 'served from the recomputation');
  await finishJob(db, running.jobId, { format: null });
});
