import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { gpuSample, nodeEvent, storeRecords } from '@/lib/db/ingest/testRecords';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { loadPricing, savePricing } from '@/lib/settings/pricingStore';
import { closeDay, getDailyReport, getRestatement } from './closing';
import { reportCsv } from './csv';
import { computeDailyReport, resolveDay } from './live';
import { reportMarkdown } from './markdown';
import { monthlySummary } from './monthly';

let db: TestDb;
const T0 = Date.parse('2025-02-27T00:00:00Z');
const M = 60_000;
const H = 60 * M;
const RATE_CHANGE = T0 + 10 * H + 30 * M; // inside an hour: the hourly samples around it split by minute

// p1 prefills all day at 500 W per GPU, d1 decodes until noon at 300 W (2 GPUs each, hourly
// samples: 72 GPU-hours, $144 at $2); x reports samples without power (no events: unpriced GPU time).
const hours = (n: number) => Array.from({ length: n }, (_, h) => T0 + (h + 1) * H);
const fleet: CanonicalRecord[] = [
  nodeEvent({ ts: T0, node: 'p1', state: 'prefill', gpuCount: 2 }),
  nodeEvent({ ts: T0, node: 'd1', state: 'decode', gpuCount: 2 }),
  nodeEvent({ ts: T0 + 12 * H, node: 'd1', state: 'other', gpuCount: 2 }),
  ...[0, 1].flatMap((gpu) => [
    ...hours(24).map((ts) => gpuSample({ ts, node: 'p1', gpu, intervalS: 3600, role: 'prefill', powerW: 500 })),
    ...hours(12).map((ts) => gpuSample({ ts, node: 'd1', gpu, intervalS: 3600, role: 'decode', outputTokens: 1e5, inputTokens: 0, cachedTokens: 0, powerW: 300 })),
  ]),
  ...hours(4).map((ts) => gpuSample({ ts, node: 'x', gpu: 0, intervalS: 3600, role: 'prefill', powerW: null })),
];

before(async () => {
  db = await createTestDb();
  await storeRecords(db, fleet);
});
after(() => db.drop());

async function setElectricityRates(rates: { usdPerKwh: string; effectiveFrom: number; effectiveTo: number | null }[]): Promise<void> {
  await savePricing(db, { ...(await loadPricing(db)), electricityRates: rates }, 'finance', 'pricing.update');
}

test('a day with two electricity rates: energy cost per rate period, exact, beside an unchanged GPU cost', async () => {
  const day = await resolveDay(db, '2025-02-27', 'UTC', '00:00');
  const unpriced = await computeDailyReport(db, day);
  assert.deepEqual([unpriced.energy?.kwh, unpriced.energy?.cost, unpriced.energy?.unpricedKwh, unpriced.energy?.gpuAndEnergyCost], [31.2, null, 31.2, null]);

  await setElectricityRates([
    { usdPerKwh: '0.1234', effectiveFrom: 0, effectiveTo: RATE_CHANGE },
    { usdPerKwh: '0.15', effectiveFrom: RATE_CHANGE, effectiveTo: null },
  ]);
  const r = await computeDailyReport(db, day);
  const e = r.energy;
  assert.ok(e);
  assert.equal(r.cost.total, 144);
  // 00:00–10:30: (10.5 h × 2 × 0.5 kW + 10.5 h × 2 × 0.3 kW) = 16.8 kWh × $0.1234 = $2.07312;
  // 10:30–24:00: (13.5 h × 1 kW + 1.5 h × 0.6 kW) = 14.4 kWh × $0.15 = $2.16.
  assert.deepEqual(e.periods.map((p) => [p.start.slice(11, 16), p.end.slice(11, 16), p.usdPerKwh, p.kwh, p.cost]), [
    ['00:00', '10:30', '0.1234', 16.8, 2.07],
    ['10:30', '00:00', '0.15', 14.4, 2.16],
  ]);
  assert.equal(e.kwh, 31.2);
  assert.equal(e.cost, 4.23); // 4.23312, half-up once
  assert.deepEqual(e.byRole, { prefill: 24, decode: 7.2, idle: null });
  assert.deepEqual(e.costByRole, { prefill: 3.32, decode: 0.91, idle: null }); // 3.3207 and 0.91242
  assert.equal(e.unpricedKwh, 0);
  assert.equal(e.gpuAndEnergyCost, 148.23);
  assert.deepEqual([e.nodesMeasured, e.nodesUnmeasured], [2, 1]);
  assert.equal(e.source, 'gpu_samples');
  assert.equal(e.coverage, 0.947368); // 72 of the 76 GPU-hours reported carried power (not x's 4)
  assert.match(reportCsv(r), /^figure,energy\.periods\.2025-02-27T10:30:00\.000Z\.cost,,,,,,,2\.16$/m);
  assert.match(reportMarkdown(r), /\| Energy cost \| \$4\.23 \|/);

  // The month's read slices the same day out of one read.
  const month = await monthlySummary(db, '2025-02', { timeZone: 'UTC', dayStart: '00:00' }, Date.parse('2025-02-28T10:00:00Z'));
  assert.equal(month.days.find((d) => d.date === '2025-02-27')?.cost, 144);
});

test('a closed day restates its energy cost when the electricity rate changes', async () => {
  const day = await resolveDay(db, '2025-02-27', 'UTC', '00:00');
  await closeDay(db, day, 'finance');
  await setElectricityRates([{ usdPerKwh: '0.2', effectiveFrom: 0, effectiveTo: null }]);
  const pending = await getRestatement(db, day);
  assert.deepEqual(pending?.changes.find((c) => c.figure === 'energy.cost'), { figure: 'energy.cost', before: 4.23, after: 6.24, delta: 2.01 });
  assert.equal(pending?.changes.some((c) => c.figure === 'cost.total'), false);
  assert.match(pending?.causes.map((c) => c.what).join('\n') ?? '', /pricing changed/);
});

test('a version closed before the energy section reads as "not in this version" and is not restated for it', async () => {
  const day = await resolveDay(db, '2025-02-26', 'UTC', '00:00');
  await closeDay(db, day, 'finance');
  await db.pool.query(`UPDATE report_snapshot SET report = report - 'energy' WHERE day = '2025-02-26'`);
  const closed = await getDailyReport(db, day);
  assert.equal(closed.energy, undefined);
  assert.match(reportMarkdown(closed), /Energy is not in this version/);
  assert.match(reportCsv(closed), /^figure,energy,,,,,,,not in this version$/m);
  assert.deepEqual((await getRestatement(db, day))?.changes, []);
});
