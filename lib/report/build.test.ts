import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import type { EnergyTotals } from '@/lib/metrics/energy';
import type { FleetData } from '@/lib/metrics/fleetData';
import type { CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import type { RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import { buildDailyReport } from './build';

// 00:00–02:30 Asia/Shanghai on 28 Feb 2025: off-peak (00:30–08:30) starts half an hour in, the
// H800 rate goes from $2 to $3 an hour in, and the window ends half-way through its third hour.
const T0 = Date.parse('2025-02-27T16:00:00Z');
const M = 60_000;
const H = 60 * M;
const pricing: PricingConfig = {
  ...DEFAULT_PRICING,
  rateCards: [
    { gpuType: 'H800', usdPerGpuHour: '2', effectiveFrom: 0, effectiveTo: T0 + H },
    { gpuType: 'H800', usdPerGpuHour: '3', effectiveFrom: T0 + H, effectiveTo: null },
    { gpuType: 'A100', usdPerGpuHour: '1', effectiveFrom: 0, effectiveTo: null },
  ],
  // Electricity: $0.10/kWh, $0.125 from 01:30, and no rate for the last half hour.
  electricityRates: [
    { usdPerKwh: '0.10', effectiveFrom: 0, effectiveTo: T0 + 90 * M },
    { usdPerKwh: '0.125', effectiveFrom: T0 + 90 * M, effectiveTo: T0 + 2 * H },
  ],
};
const counter = (at: number, role: CounterTotals['role'], input: number, cached: number, output: number, tokenSeconds: number): CounterTotals => ({
  at, role, inputTokens: input, cachedTokens: cached, outputTokens: output, requests: 0, dispatchRecvTokens: 0,
  gpuSeconds: tokenSeconds, tokenSeconds, kvCacheTokensS: 0, kvCacheCapacityS: 0, runningRequestsS: 0,
});
const usage = (at: number, model: string, source: string, input: number, output: number): RequestAggregate => ({
  at, model, source, requests: 1, inputTokens: input, cachedTokens: 0, outputTokens: output, kvEntries: 0, speedSum: 0, speedWeight: 0, ttftMsSum: 0, ttftWeight: 0,
});
const energy = (node: string, role: EnergyTotals['role'], from: number, to: number, gpus: number, watts: number): EnergyTotals => ({
  at: T0 + from * M, end: T0 + to * M, node, role, energyJ: gpus * watts * (to - from) * 60, gpuSeconds: gpus * (to - from) * 60,
});
const data: FleetData = {
  window: { start: T0, end: T0 + 2.5 * H },
  intervals: [
    { origin: 'node_events', node: 'n1', state: 'prefill', gpuType: 'H800', gpuCount: 8, start: T0 - H, end: T0 + 3 * H },
    { origin: 'node_events', node: 'n2', state: 'decode', gpuType: 'A100', gpuCount: 4, start: T0 + 0.5 * H, end: T0 + 3 * H },
  ],
  // Serving GPU-seconds: 8 × 2.5 h + 4 × 2 h = 28 GPU-hours = 100,800 s, all with counters.
  counters: [counter(T0, 'prefill', 2e6, 1e6, 0, 72_000), counter(T0 + 90 * M, 'decode', 0, 0, 1e6, 28_800)],
  requests: [
    usage(T0 + 10 * M, 'deepseek-r1', 'api', 1e6, 0), // before off-peak: $0.55
    usage(T0 + 40 * M, 'deepseek-r1', 'api', 0, 1e6), // off-peak, 75% off $2.19: $0.5475
    usage(T0 + 40 * M, 'deepseek-v3', 'api', 0, 1e6), // off-peak, 50% off $1.10: $0.55
    usage(T0 + 70 * M, 'deepseek-r1', 'web', 1e6, 0), // free traffic
    usage(T0 + 140 * M, 'mystery', 'api', 0, 1e6), // no price book: unpriced, not $0
  ],
  outputSpeedBins: [],
  ttftBins: [],
  // Read in pieces cut at the rate changes: n1 at 700 W per GPU, n2 at 500 W, n3 reports no power.
  energy: [
    energy('n1', 'prefill', 0, 90, 8, 700), energy('n2', 'decode', 30, 90, 4, 500),
    energy('n1', 'prefill', 90, 120, 8, 700), energy('n2', 'decode', 90, 120, 4, 500),
    energy('n1', 'prefill', 120, 150, 8, 700), energy('n2', 'decode', 120, 150, 4, 500),
    energy('n3', 'prefill', 0, 60, 1, 0),
  ],
};
const report = buildDailyReport(data, pricing, { date: '2025-02-28', timeZone: 'Asia/Shanghai', dayStart: '00:00' });

test('cost: a rate change an hour in, two GPU types, and a partial last hour', () => {
  // Hour 1: 8 GPU-h × $2 + 2 GPU-h × $1; hour 2: 8 × $3 + 4 × $1; half hour 3: 4 × $3 + 2 × $1.
  assert.deepEqual(report.hourly.map((h) => h.cost), [18, 28, 14]);
  assert.equal(report.cost.total, 60);
  assert.deepEqual(report.cost.byState, { prefill: 52, decode: 8, idle: 0 });
  assert.deepEqual(report.hourly.map((h) => h.end.slice(11, 16)), ['17:00', '18:00', '18:30']);
});

test('nodes: average, peak and GPU-hours; hourly averages', () => {
  assert.equal(report.nodes.avg, 1.8); // 4.5 node-hours ÷ 2.5 h
  assert.equal(report.nodes.peak, 2);
  assert.equal(report.nodes.gpuHours, 28);
  assert.deepEqual(report.hourly.map((h) => h.nodes), [1.5, 2, 2]);
  assert.equal(report.nodes.source, 'node_events');
});

test('theoretical revenue prices the counters at R1 list prices', () => {
  assert.equal(report.tokens.source, 'counters');
  assert.deepEqual([report.tokens.input, report.tokens.cached, report.tokens.output, report.tokens.cacheHitRatio], [2e6, 1e6, 1e6, 0.5]);
  assert.equal(report.revenue.theoretical, 2.88); // 1M × $0.14 + 1M × $0.55 + 1M × $2.19
  assert.deepEqual(report.hourly.map((h) => h.theoreticalRevenue), [0.69, 2.19, 0]);
  assert.equal(report.tokens.coverage, 1.666667); // 5M request tokens ÷ 3M counter tokens
});

test('actual revenue: off-peak inside and outside, free web traffic, an unpriced model', () => {
  assert.equal(report.revenue.actual, 1.65); // 0.55 + 0.5475 + 0.55 = 1.6475, half-up once
  assert.deepEqual(report.hourly.map((h) => h.actualRevenue), [1.65, 0, 0]);
  assert.deepEqual(report.revenue.unpricedTokens.actual, { input: 0, cached: 0, output: 1e6 });
  const row = (model: string, source: string) => report.usage.find((u) => u.model === model && u.source === source);
  assert.equal(row('mystery', 'api')?.actualRevenue, null);
  assert.equal(row('deepseek-r1', 'api')?.actualRevenue, 1.1); // 1.0975
  assert.deepEqual(report.revenue.bySource, [{ source: 'api', actual: 1.65 }, { source: 'web', actual: 0 }]); // free, not unpriced
});

test('theoretical − actual is explained by its parts', () => {
  const g = report.revenue.gap;
  assert.equal(g.total, 1.23); // 2.88 − 1.6475 = 1.2325
  assert.equal(g.freeTraffic, 0.55);
  assert.equal(g.unpricedModels, 2.19);
  assert.equal(g.modelPrice, 1.09); // V3 output at R1's $2.19 against its own $1.10
  assert.equal(g.offPeakDiscount, 2.19); // 1.6425 + 0.55 = 2.1925
  assert.equal(g.uncovered, -4.79); // the requests hold more than the counters here
});

test('margins are fractions of cost', () => {
  assert.equal(report.margin.theoretical, -0.952); // (2.88 − 60) ÷ 60
  assert.equal(report.margin.actual, -0.9725); // (1.6475 − 60) ÷ 60
  assert.equal(report.margin.source.actual, 'requests');
});

test('energy: kWh by role and rate period, priced at the rate in force, GPU cost unchanged beside it', () => {
  const e = report.energy;
  assert.ok(e);
  assert.equal(e.kwh, 18); // n1 8 × 0.7 kW × 2.5 h + n2 4 × 0.5 kW × 2 h
  assert.deepEqual(e.byRole, { prefill: 14, decode: 4, idle: null });
  // 10.4 kWh × $0.10 + 3.8 kWh × $0.125 = $1.515, half-up once; the last 3.8 kWh have no rate.
  assert.equal(e.cost, 1.52);
  assert.deepEqual(e.periods.map((p) => [p.start.slice(11, 16), p.usdPerKwh, p.kwh, p.cost]), [
    ['16:00', '0.1', 10.4, 1.04], ['17:30', '0.125', 3.8, 0.48], ['18:00', null, 3.8, null],
  ]);
  assert.equal(e.unpricedKwh, 3.8);
  assert.deepEqual(e.costByRole, { prefill: 1.19, decode: 0.33, idle: null });
  assert.equal(report.cost.total, 60);
  assert.equal(e.gpuAndEnergyCost, 61.52);
  assert.equal(report.margin.theoretical, -0.952); // still on the GPU cost
  assert.deepEqual([e.nodesMeasured, e.nodesUnmeasured], [2, 1]);
  assert.equal(e.coverage, 0.965517); // 100,800 of 104,400 GPU-seconds carried power
});

test('energy without a rate or without measurements is unpriced or no data, never $0', () => {
  const unpriced = buildDailyReport(data, { ...pricing, electricityRates: [] }, { date: '2025-02-28', timeZone: 'Asia/Shanghai', dayStart: '00:00' }).energy;
  assert.deepEqual([unpriced?.kwh, unpriced?.cost, unpriced?.unpricedKwh, unpriced?.gpuAndEnergyCost], [18, null, 18, null]);
  const dark = buildDailyReport({ ...data, energy: [energy('n3', 'prefill', 0, 60, 1, 0)] }, pricing, { date: '2025-02-28', timeZone: 'Asia/Shanghai', dayStart: '00:00' }).energy;
  assert.deepEqual([dark?.kwh, dark?.cost, dark?.gpuAndEnergyCost, dark?.nodesUnmeasured], [null, null, null, 1]);
  assert.deepEqual(dark?.periods.map((p) => p.cost), [null, null, null]);
});
