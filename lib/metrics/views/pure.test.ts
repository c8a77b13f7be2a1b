import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { makeSteps } from '@/lib/metrics/steps';
import { pricingGrainMinutes } from './pricingGrain';
import { buildBalance, rankedGpus } from './balance';
import { gpuSteps } from '@/lib/metrics/steps';
import { DEEPSEEK_RATES, referenceRates } from './capacity';
import { changes } from './overview';
import { meanOverMax, placeExperts, routedExpertCount } from './experts';

const H = 3_600_000;
const T = Date.parse('2025-03-01T00:00:00Z');

test('ranked GPU rows become one row per GPU with a ratio per step, in rank order', () => {
  const rank = (gpu: number, step: number, ratio: number | null) => ({ node: 'n', gpu, meanRatio: gpu === 1 ? 1.5 : 0.75, peakRatio: 1.5, meanValue: 1, gpus: 2, step, ratio });
  const rows = rankedGpus([rank(1, 0, 1.5), rank(0, 0, 0.5), rank(0, 1, 1)], 2);
  assert.deepEqual(rows.map((r) => [r.label, r.ratios, r.meanRatio]), [['n/1', [1.5, null], 1.5], ['n/0', [0.5, 1], 0.75]]);
});

test('attention imbalance from sampled requests carries its sample size, and thin intervals are left out', () => {
  const window = { start: T, end: T + H };
  const steps = makeSteps(window, '1h');
  const q = { window, step: '1h' as const, timeZone: 'UTC', dayStart: '00:00', role: 'prefill' as const };
  const attention = (intervals: number, thin: number, ratioSum: number, sampled: number) =>
    ({ step: 0, role: 'prefill' as const, objective: 'attention' as const, intervals, thin, ratioSum, sampled });
  const view = (rows: ReturnType<typeof attention>[]) => buildBalance({ balance: rows, ranks: [], gpuSteps: gpuSteps(steps) }, q, steps);
  const noisy = view([attention(0, 6, 0, 12)]);
  assert.equal(noisy.figures['imbalance.prefill.attention'].value, null);
  assert.match(noisy.figures['imbalance.prefill.attention'].note ?? '', /12 sampled requests in 6 ten-minute intervals; fewer than 20 per prefill GPU/);
  assert.equal(noisy.charts[0].series.find((s) => s.key === 'attention')?.points[0].y, null);
  const mixed = view([attention(4, 2, 4.4, 9000)]);
  assert.equal(mixed.figures['imbalance.prefill.attention'].value, 1.1);
  assert.match(mixed.figures['imbalance.prefill.attention'].note ?? '', /9,000 sampled requests in 6 .*2 interval\(s\) with fewer than 20 per GPU left out/);
});

test('capacity reference rates: configured, the p90 of hourly rates, or DeepSeek without history', () => {
  const history = makeSteps({ start: T, end: T + 10 * H }, '1h');
  const counters = Array.from({ length: 10 }, (_, i) => ({ step: i, role: 'prefill' as const, inputTokens: (i + 1) * 3600 * 1000, cachedTokens: 0, outputTokens: 0, requests: 0, dispatchRecvTokens: 0, gpuSeconds: 0, tokenSeconds: 0, kvCacheTokensS: 0, kvCacheCapacityS: 0, runningRequestsS: 0 }));
  const decode = counters.map((c) => ({ ...c, role: 'decode' as const, inputTokens: 0, outputTokens: 3600 * 100 }));
  const intervals = [{ node: 'p', state: 'prefill' as const, gpuType: null, gpuCount: 8, start: T, end: T + 10 * H, origin: 'node_events' as const },
    { node: 'd', state: 'decode' as const, gpuType: null, gpuCount: 8, start: T, end: T + 10 * H, origin: 'node_events' as const }];
  // Hourly prefill rates 1,000 … 10,000 tokens/s per node: p90 is the 9th.
  assert.deepEqual(referenceRates([...counters, ...decode], intervals, history, {}), { prefill: 9000, decode: 100, source: 'history' });
  assert.deepEqual(referenceRates([], intervals, history, {}), { ...DEEPSEEK_RATES, source: 'default' });
  assert.deepEqual(referenceRates([], [], history, { prefillRate: 5, decodeRate: 6 }), { prefill: 5, decode: 6, source: 'configured' });
});

test('changes against the previous window are relative, none from zero or nothing', () => {
  const f = (value: number | null) => ({ value, source: 'counters' as const, coverage: null });
  assert.deepEqual(changes({ a: f(150), b: f(1), c: f(2) }, { a: f(100), b: f(0), c: f(null) }), { a: 0.5, b: null, c: null });
});

test('EPLB places the routed experts of the unit; the shared expert is left out', () => {
  assert.equal(routedExpertCount([{ expert: 256, tokens: 1 }, { expert: 3, tokens: 1 }], 8), 256);
  assert.equal(meanOverMax([1, 3]), 2 / 3);
  assert.equal(meanOverMax([0, 0]), null);
  // DeepSeek's README example, layer 0: balancedness 0.8277 (PROVENANCE.md).
  const weight = [90, 132, 40, 61, 104, 165, 39, 4, 73, 56, 183, 86];
  const placed = placeExperts(weight, { groups: 4, nodes: 2, gpus: 8, redundant: 4 }, 'prefill');
  assert.ok(typeof placed !== 'string');
  assert.deepEqual(placed.phy2log, [5, 6, 5, 7, 8, 4, 3, 4, 10, 9, 10, 2, 0, 1, 11, 1]);
  assert.equal(Math.round(placed.balancedness * 10_000) / 10_000, 0.8277);
  assert.deepEqual(placed.gpuLoads, [121.5, 86.5, 125, 113, 147.5, 131.5, 156, 152]);
  assert.match(placeExperts(weight, { groups: 5, nodes: 2, gpus: 8, redundant: 4 }, 'prefill') as string, /do not divide into 5 groups/);
  assert.match(placeExperts(weight, { groups: 4, nodes: 2, gpus: 7, redundant: 4 }, 'prefill') as string, /do not divide over 7 GPUs/);
});

test('requests are priced per the coarsest bucket no price or discount edge falls inside', () => {
  const day = { start: Date.parse('2025-02-27T04:00:00Z'), end: Date.parse('2025-02-28T04:00:00Z') };
  // DeepSeek's off-peak 00:30–08:30 Asia/Shanghai ends and starts on half hours.
  assert.equal(pricingGrainMinutes(DEFAULT_PRICING, day), 30);
  assert.equal(pricingGrainMinutes({ ...DEFAULT_PRICING, offPeakWindows: [] }, day), 60);
  const kolkata = { ...DEFAULT_PRICING.offPeakWindows[0], timeZone: 'Asia/Kolkata', from: '00:10', to: '08:30' };
  assert.equal(pricingGrainMinutes({ ...DEFAULT_PRICING, offPeakWindows: [kolkata] }, day), 5);
});
