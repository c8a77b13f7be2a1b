import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { createJob } from '@/lib/db/ingest/jobs';
import { BatchWriter } from '@/lib/db/ingest/writer';
import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';
import { deepseek20250227 as profile } from '@/lib/simulate/profiles/deepseek-2025-02-27';
import { simulate } from '@/lib/simulate/simulate';
import { computeDailyReport } from './live';
import { coarsenSamples } from './testing/coarsenSamples';
import type { DailyReport } from './types';

/**
 * DeepSeek's published day (docs/design.md "The reference day"), end to end: the simulator's reference profile (requests
 * sampled at 0.1%) stored in PostgreSQL and reported for 2025-02-27, 12:00 Asia/Shanghai.
 * Its ~15.7M ten-second GPU samples are merged into 5-minute ones per GPU before storing (counters
 * summed, so still complete), which keeps this test to minutes; `npm run simulate` + `npm run
 * ingest` of the full-resolution day gives the same figures (see lib/report/README.md).
 */
let db: TestDb;
let report: DailyReport;
const BATCH = 100_000;

async function store(records: Iterable<CanonicalRecord>): Promise<void> {
  const writer = await BatchWriter.open(db, await createJob(db, { channel: 'cli', fileName: 'deepseek-2025-02-27' }), false);
  try {
    let batch = new Map<RecordType, CanonicalRecord[]>();
    let count = 0;
    const send = async () => {
      await writer.write({ records: batch, errors: [], bytesRead: 0 });
      batch = new Map();
      count = 0;
    };
    for (const record of records) {
      const list = batch.get(record.type) ?? [];
      list.push(record);
      batch.set(record.type, list);
      if (++count === BATCH) await send();
    }
    if (count) await send();
  } finally {
    writer.release();
  }
}

before(async () => {
  db = await createTestDb();
  await store(coarsenSamples(simulate({ ...profile, expertLayers: [] }, { seed: 1, scale: 0.001 }), 5 * 60_000));
  report = await computeDailyReport(db, { date: '2025-02-27', timeZone: 'Asia/Shanghai', dayStart: '12:00' });
});
after(() => db.drop());

const within = (actual: number | null, expected: number, tolerance: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);

test('nodes: average 226.75, peak 278; cost $87,072.00 with $4,448 in each full hour at 278 nodes', () => {
  assert.equal(report.window.start, '2025-02-27T04:00:00.000Z');
  assert.equal(report.nodes.avg, 226.75);
  assert.equal(report.nodes.peak, 278);
  assert.equal(report.nodes.gpuHours, 43_536);
  assert.equal(report.cost.total, 87_072);
  const full = report.hourly.filter((h) => h.nodes === 278);
  assert.equal(full.length, 15);
  for (const h of full) assert.equal(h.cost, 4_448);
  assert.equal(report.cost.unpricedGpuHours, 0);
});

test('tokens from complete counters: input 608B, cache-hit ratio 0.5625, output 168B', () => {
  assert.equal(report.tokens.source, 'counters');
  assert.equal(report.tokens.counterCompleteness, 1);
  within(report.tokens.input, 608e9, 0.5e9, 'input');
  within(report.tokens.cacheHitRatio, 0.5625, 0.0005, 'cache-hit ratio');
  within(report.tokens.output, 168e9, 0.5e9, 'output');
  within(report.tokens.coverage, 1, 0.01, 'request coverage of the counters');
});

test('theoretical revenue within 0.1% of $562,027; cost profit margin 545% (± 1 point)', () => {
  within(report.revenue.theoretical / 562_027, 1, 0.001, 'theoretical ÷ $562,027');
  within(report.margin.theoretical, 5.45, 0.01, 'theoretical margin');
});

test('per-node throughput within 1% of 73.7k and 14.8k tokens/s; KV length within 1% of 4,989; speed 20–22', () => {
  within((report.throughput.prefillPerNode ?? 0) / 73_700, 1, 0.01, 'prefill per node ÷ 73.7k');
  within((report.throughput.decodePerNode ?? 0) / 14_800, 1, 0.01, 'decode per node ÷ 14.8k');
  within((report.kv.avgLengthPerOutputToken ?? 0) / 4_989, 1, 0.01, 'KV length ÷ 4,989');
  assert.ok(report.outputSpeed.mean !== null && report.outputSpeed.mean >= 20 && report.outputSpeed.mean <= 22, `speed ${report.outputSpeed.mean}`);
});

test("hourly theoretical income follows the published chart: ~$27k–31k by day, ~$6k at night", () => {
  for (const h of report.hourly) {
    if (h.nodes === 278) assert.ok(h.theoreticalRevenue >= 27_000 && h.theoreticalRevenue <= 31_000, `${h.start}: $${h.theoreticalRevenue}`);
  }
  within(Math.min(...report.hourly.map((h) => h.theoreticalRevenue)), 6_000, 500, 'the night-time low');
  const sum = (key: 'cost' | 'theoreticalRevenue' | 'actualRevenue') => Math.round(report.hourly.reduce((s, h) => s + h[key] * 100, 0)) / 100;
  assert.equal(sum('cost'), report.cost.total);
  assert.equal(sum('theoreticalRevenue'), report.revenue.theoretical);
  assert.equal(sum('actualRevenue'), report.revenue.actual);
});

test('actual revenue is well below theoretical, and the gap is explained by its parts', () => {
  const { actual, theoretical, gap } = report.revenue;
  assert.ok(actual > 0.15 * theoretical && actual < 0.5 * theoretical, `actual ${actual} of ${theoretical}`);
  assert.ok(gap.freeTraffic > 0 && gap.modelPrice > 0 && gap.offPeakDiscount > 0, JSON.stringify(gap));
  const parts = gap.freeTraffic + gap.unpricedModels + gap.modelPrice + gap.offPeakDiscount + gap.uncovered;
  within(parts, gap.total, 0.05, 'parts of the gap');
});
