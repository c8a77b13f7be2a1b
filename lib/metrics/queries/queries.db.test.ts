import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { createJob } from '@/lib/db/ingest/jobs';
import { BatchWriter } from '@/lib/db/ingest/writer';
import { gpuSample, nodeEvent, request } from '@/lib/db/ingest/testRecords';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { getCounterTotals } from './getCounterTotals';
import { getHistogram } from './getHistogram';
import { getNodeIntervals } from './getNodeIntervals';
import { getRequestAggregates } from './getRequestAggregates';

let db: TestDb;
const T0 = Date.parse('2025-02-27T04:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

before(async () => {
  db = await createTestDb();
  const records: CanonicalRecord[] = [
    nodeEvent({ ts: T0 - HOUR, node: 'a', state: 'prefill' }),
    nodeEvent({ ts: T0 + 30 * MIN, node: 'a', state: 'other' }),
    nodeEvent({ ts: T0 + 10 * MIN, node: 'b', state: 'decode', gpuCount: null }),
    // c has no events: it is in its role for the minutes it reported (2 of its GPUs).
    ...[0, 1].flatMap((gpu) => [1, 2, 3, 4, 5, 6].map((k) => gpuSample({ ts: T0 + 5 * MIN + k * 10_000, node: 'c', gpu, role: 'decode', outputTokens: 10 }))),
    gpuSample({ ts: T0 + 11 * MIN, node: 'b', gpu: 4, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 500 }),
    request({ requestId: 'x', arrivedAt: T0 + MIN, firstTokenAt: T0 + MIN + 200, finishedAt: T0 + MIN + 10_200, outputTokens: 101, sampleWeight: 2 }),
  ];
  const byType = new Map<RecordType, CanonicalRecord[]>();
  for (const r of records) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const writer = await BatchWriter.open(db, await createJob(db, { channel: 'cli', fileName: 't' }), false);
  await writer.write({ records: byType, errors: [], bytesRead: 0 });
  writer.release();
});
after(() => db.drop());

const window = { start: T0, end: T0 + HOUR };

test('node intervals follow events, clip to the window, and derive eventless nodes from samples', async () => {
  const intervals = await getNodeIntervals(db.pool, window);
  assert.deepEqual(
    intervals.map((i) => [i.node, i.state, i.gpuType, i.gpuCount, (i.start - T0) / MIN, (i.end - T0) / MIN]),
    [
      ['a', 'prefill', 'H800', 8, 0, 30],
      ['a', 'other', 'H800', 8, 30, 60],
      ['b', 'decode', 'H800', 1, 10, 60], // no gpu_count: the GPUs it reported
      ['c', 'decode', null, 2, 5, 6],
    ],
  );
});

test('counter totals sum the rollups by role and step', async () => {
  const totals = await getCounterTotals(db.pool, window, 30 * MIN);
  assert.deepEqual(
    totals.map((t) => [(t.at - T0) / MIN, t.role, t.outputTokens, t.gpuSeconds]),
    [[0, 'decode', 12 * 10 + 500, 12 * 10 + 10]],
  );
});

test('request aggregates and histograms are weighted by sample_weight', async () => {
  const [agg] = await getRequestAggregates(db.pool, window);
  assert.equal(agg.model, 'deepseek-r1');
  assert.equal(agg.requests, 2);
  assert.equal(agg.outputTokens, 202);
  assert.equal(agg.speedSum / agg.speedWeight, 10); // (101 - 1) tokens / 10 s
  const speed = await getHistogram(db.pool, window, 'outputSpeed');
  assert.deepEqual(speed.map((b) => [b.bin, b.weight]), [[20, 2]]); // 20 * log10(10)
});
