import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { deleteJob } from '@/lib/db/ingest/jobs';
import { gpuSample, nodeEvent, request, storeRecords } from '@/lib/db/ingest/testRecords';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { loadPricing, savePricing } from '@/lib/settings/pricingStore';
import { acceptRestatement, closeDay, getDailyReport, getRestatement, listVersions } from './closing';
import { reportCsv } from './csv';
import { computeDailyReport, resolveDay } from './live';
import { monthlySummary } from './monthly';

let db: TestDb;
const T0 = Date.parse('2025-02-27T00:00:00Z');
const H = 3_600_000;

async function store(records: CanonicalRecord[]): Promise<bigint> {
  const { jobId } = await storeRecords(db, records, { fileName: `t${records.length}` });
  await db.pool.query(`UPDATE ingest_job SET status = 'done' WHERE id = $1`, [jobId]);
  return jobId;
}

// Two nodes of 2 GPUs, one sample per GPU per hour: p1 prefills all day, d1 decodes until noon
// and is then lent out. Serving GPU-hours: 2 × 24 + 2 × 12 = 72, all with counters.
const hours = (n: number) => Array.from({ length: n }, (_, h) => T0 + (h + 1) * H);
const fleet: CanonicalRecord[] = [
  nodeEvent({ ts: T0, node: 'p1', state: 'prefill', gpuCount: 2 }),
  nodeEvent({ ts: T0, node: 'd1', state: 'decode', gpuCount: 2 }),
  nodeEvent({ ts: T0 + 12 * H, node: 'd1', state: 'other', gpuCount: 2 }),
  ...[0, 1].flatMap((gpu) => [
    ...hours(24).map((ts) => gpuSample({ ts, node: 'p1', gpu, intervalS: 3600, role: 'prefill', inputTokens: 1e6, cachedTokens: 5e5, outputTokens: 0 })),
    ...hours(12).map((ts) => gpuSample({ ts, node: 'd1', gpu, intervalS: 3600, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 1e5 })),
  ]),
  // 09:00 Shanghai: not off-peak. 1,000 × (1000 in, 400 cached, 100 out) at R1 = $0.605.
  request({ requestId: 'a', arrivedAt: T0 + H, sampleWeight: 1000 }),
];

before(async () => {
  db = await createTestDb();
  await store(fleet);
});
after(() => db.drop());

test('the report of a small hand-made fleet', async () => {
  const day = await resolveDay(db, '2025-02-27');
  assert.deepEqual(day, { date: '2025-02-27', timeZone: 'UTC', dayStart: '00:00' });
  const r = await getDailyReport(db, day);
  assert.equal(r.status, 'open');
  assert.deepEqual(r.window, { start: '2025-02-27T00:00:00.000Z', end: '2025-02-28T00:00:00.000Z', hours: 24 });
  assert.deepEqual([r.nodes.avg, r.nodes.peak, r.nodes.nodeHours, r.nodes.gpuHours], [1.5, 2, 36, 72]);
  assert.equal(r.cost.total, 144);
  assert.equal(r.tokens.source, 'counters');
  assert.equal(r.tokens.counterCompleteness, 1);
  assert.deepEqual([r.tokens.input, r.tokens.cached, r.tokens.output, r.tokens.cacheHitRatio], [48e6, 24e6, 2.4e6, 0.5]);
  assert.equal(r.revenue.theoretical, 21.82); // 24M × 0.14 + 24M × 0.55 + 2.4M × 2.19 = 21.816
  assert.equal(r.revenue.actual, 0.61);
  assert.equal(r.margin.theoretical, -0.8485); // (21.816 − 144) ÷ 144
  assert.equal(r.throughput.prefillPerNode, 555.6); // 48M ÷ 86,400 s
  assert.equal(r.throughput.decodePerNode, 55.6); // 2.4M ÷ 43,200 s
  assert.equal(r.kv.avgLengthPerOutputToken, 1049.5); // 1000 + 99/2
  assert.equal(r.hourly.length, 24);
  assert.equal(r.hourly[0].cost, 8);
  assert.equal(r.hourly[12].cost, 4);
  assert.equal(r.hourly.reduce((s, h) => s + h.cost * 100, 0) / 100, r.cost.total);
  assert.equal(r.hourly[1].actualRevenue, 0.61);
  const csv = reportCsv(r);
  assert.match(csv, /^figure,cost\.total,,,,,,,144$/m);
  assert.match(csv, /^figure,tokens\.source,,,,,,,counters$/m);
  assert.match(csv, /^hour,2025-02-27 12:00–13:00,1,4,/m);
  assert.match(csv, /^day,2025-02-27 00:00 – 2025-02-28 00:00 UTC,1\.5,144,21\.82,0\.61,-84\.9%,-99\.6%,$/m);
});

test('a closed day is frozen; late data, a pricing change and a deleted job show as restatements', async () => {
  const day = await resolveDay(db, '2025-02-27', 'UTC', '00:00');
  assert.equal(await getRestatement(db, day), null);
  const v1 = await closeDay(db, day, 'finance');
  assert.equal(v1.version, 1);
  await assert.rejects(closeDay(db, day, 'finance'), /already closed/);
  assert.deepEqual((await getRestatement(db, day))?.changes, []);
  await assert.rejects(acceptRestatement(db, day, 'finance'), /no restatement pending/);

  const late = await store([request({ requestId: 'late', arrivedAt: T0 + 2 * H, sampleWeight: 1000 })]);
  const frozen = await getDailyReport(db, day);
  assert.equal(frozen.revenue.actual, 0.61); // not changed silently
  const pending = await getRestatement(db, day);
  const actual = pending?.changes.find((c) => c.figure === 'revenue.actual');
  assert.deepEqual(actual, { figure: 'revenue.actual', before: 0.61, after: 1.21, delta: 0.6 });
  assert.match(pending?.causes.map((c) => c.what).join('\n') ?? '', /added rows for this day/);

  const v2 = await acceptRestatement(db, day, 'finance');
  assert.equal(v2.version, 2);
  assert.equal((await getDailyReport(db, day)).revenue.actual, 1.21);
  assert.equal((await getDailyReport(db, day, 1)).revenue.actual, 0.61); // every version stays readable

  const pricing = await loadPricing(db);
  pricing.rateCards = [
    { gpuType: 'H800', usdPerGpuHour: '2', effectiveFrom: 0, effectiveTo: T0 + 12 * H },
    { gpuType: 'H800', usdPerGpuHour: '3', effectiveFrom: T0 + 12 * H, effectiveTo: null },
  ];
  await savePricing(db, pricing, 'finance', 'pricing.update');
  const repriced = await getRestatement(db, day);
  assert.deepEqual(repriced?.changes.find((c) => c.figure === 'cost.total'), { figure: 'cost.total', before: 144, after: 168, delta: 24 });
  assert.match(repriced?.causes.map((c) => c.what).join('\n') ?? '', /pricing changed/);
  await savePricing(db, { ...pricing, rateCards: DEFAULT_PRICING.rateCards }, 'finance', 'pricing.update');

  await deleteJob(db, late);
  const reverted = await getRestatement(db, day);
  assert.deepEqual(reverted?.changes.find((c) => c.figure === 'revenue.actual')?.after, 0.61);
  assert.match(reverted?.causes.map((c) => c.what).join('\n') ?? '', /was deleted/);
  const versions = await listVersions(db, day);
  assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  assert.ok(versions[1].changes.some((c) => c.figure === 'revenue.actual'));
});

test('the month sums its days, closed and open, and flags closed days whose figures changed', async () => {
  const month = await monthlySummary(db, '2025-02', { timeZone: 'UTC', dayStart: '00:00' }, Date.parse('2025-02-27T10:00:00Z')); // "today" is the 27th
  assert.equal(month.days.length, 27); // no days after today
  const closed = month.days.find((d) => d.date === '2025-02-27');
  assert.deepEqual([closed?.status, closed?.version, closed?.cost], ['closed', 2, 144]);
  assert.ok((closed?.restatedFigures ?? 0) > 0); // the late job behind version 2 was deleted above
  assert.deepEqual([month.totals.closedDays, month.totals.openDays], [1, 26]);
  assert.equal(month.totals.cost, 144);
  assert.equal(month.totals.actualRevenue, 1.21);
});

test('a day sliced from the month read equals the day read alone', async () => {
  const day = await resolveDay(db, '2025-02-26', 'UTC', '00:00');
  await store([request({ requestId: 'eve', arrivedAt: T0 - 10 * H, sampleWeight: 1000 })]); // 22:00 Shanghai: full price
  const alone = await computeDailyReport(db, day);
  const month = await monthlySummary(db, '2025-02', { timeZone: 'UTC', dayStart: '00:00' }, Date.parse('2025-02-27T10:00:00Z'));
  const sliced = month.days.find((d) => d.date === '2025-02-26');
  assert.deepEqual([sliced?.cost, sliced?.actualRevenue, sliced?.status], [alone.cost.total, alone.revenue.actual, 'open']);
  assert.ok(alone.revenue.actual > 0);
});
