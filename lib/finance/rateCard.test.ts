import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from '@/lib/finance/money';
import { gpuCost, validateRateCards, type GpuRate, type NodeStateInterval } from '@/lib/finance/rateCard';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const H = 3_600_000;
const M = 60_000;
const window = { start: T0, end: T0 + 3 * H };
const h800 = (usd: string, from = 0, to: number | null = null): GpuRate => ({ gpuType: 'H800', usdPerGpuHour: usd, effectiveFrom: from, effectiveTo: to });
const node = (over: Partial<NodeStateInterval>): NodeStateInterval => ({
  node: 'n1', state: 'prefill', gpuType: 'H800', gpuCount: 8, start: window.start, end: window.end, ...over,
});
const dollars = (hours: { cost: { toFixed(dp: number): string } }[]) => hours.map((h) => h.cost.toFixed(2));

test('a rate change mid-hour splits that hour exactly', () => {
  // $2 until 01:15, $3 after: hour 1 is 8 GPUs × (¼ h × $2 + ¾ h × $3) = $22.
  const rates = [h800('2', 0, T0 + H + 15 * M), h800('3', T0 + H + 15 * M)];
  const cost = gpuCost([node({})], rates, window);
  assert.deepEqual(dollars(cost.hours), ['16.00', '22.00', '24.00']);
  assert.equal(cost.total.cost.toFixed(2), '62.00');
  assert.equal(cost.total.gpuHours, 24);
  assert.equal(cost.total.unpricedGpuHours, 0);
});

test('two GPU types at their own rates, split by state', () => {
  const rates = [h800('2'), { gpuType: 'H20', usdPerGpuHour: '1.20', effectiveFrom: 0, effectiveTo: null }];
  const intervals = [
    node({ end: T0 + H }),
    node({ node: 'n2', state: 'decode', gpuType: 'H20', end: T0 + H }),
    node({ node: 'n3', state: 'idle', gpuType: 'H20', gpuCount: 4, start: T0 + 2 * H }),
  ];
  const cost = gpuCost(intervals, rates, window);
  assert.equal(cost.total.costByState.prefill.toFixed(2), '16.00');
  assert.equal(cost.total.costByState.decode.toFixed(2), '9.60');
  assert.equal(cost.total.costByState.idle.toFixed(2), '4.80');
  assert.equal(cost.total.cost.toFixed(2), '30.40');
  assert.deepEqual(dollars(cost.hours), ['25.60', '0.00', '4.80']);
  assert.deepEqual(cost.total.gpuHoursByState, { prefill: 8, decode: 8, idle: 4 });
});

test('intervals are clipped to the window and the last hour may be partial', () => {
  const partial = { start: T0, end: T0 + 2 * H + 30 * M };
  const intervals = [
    node({ start: T0 - H, end: T0 + H + 30 * M }), // 1.5 h inside
    node({ node: 'n2', start: T0 + 2 * H, end: T0 + 4 * H }), // 0.5 h inside
  ];
  const cost = gpuCost(intervals, [h800('2')], partial);
  assert.deepEqual(cost.hours.map((h) => [h.end - h.start, h.cost.toFixed(2)]), [[H, '16.00'], [H, '8.00'], [30 * M, '8.00']]);
  assert.equal(cost.total.gpuHours, 16);
});

test('nodes lent out or offline cost the service nothing', () => {
  const intervals = [node({ state: 'other' }), node({ node: 'n2', state: 'offline' })];
  const cost = gpuCost(intervals, [h800('2')], window);
  assert.equal(cost.total.cost.toFixed(2), '0.00');
  assert.equal(cost.total.gpuHours, 0);
});

test('GPUs with no type or no rate in force are unpriced, not free', () => {
  const intervals = [
    node({ gpuType: null, end: T0 + H }),
    node({ node: 'n2', gpuType: 'B200', end: T0 + H }),
    node({ node: 'n3' }), // H800 rate ends at 02:00
  ];
  const cost = gpuCost(intervals, [h800('2', 0, T0 + 2 * H)], window);
  assert.equal(cost.total.cost.toFixed(2), '32.00');
  assert.equal(cost.total.gpuHours, 40);
  assert.equal(cost.total.unpricedGpuHours, 24);
  assert.deepEqual(cost.hours.map((h) => h.unpricedGpuHours), [16, 0, 8]);
  assert.deepEqual(cost.unpricedGpuTypes.sort(), ['B200', 'H800', null].sort());
});

test('rate cards that overlap or run backwards are rejected', () => {
  assert.throws(() => validateRateCards([h800('2'), h800('3', T0)]), /two entries in force/);
  assert.throws(() => validateRateCards([h800('2', T0, T0)]), /effectiveTo must be after/);
  assert.throws(() => validateRateCards([h800('-1')]), /negative/);
  assert.throws(() => gpuCost([node({ gpuCount: 1.5 })], [h800('2')], window), /whole number/);
});

test('cost priced once per rate equals every cut priced on its own, to the last digit (whole and fractional milliseconds)', () => {
  const rates = [h800('2.15', 0, T0 + 90 * M), h800('1.9999', T0 + 90 * M)];
  const intervals = Array.from({ length: 300 }, (_, i) => node({
    node: `n${i}`, state: (['prefill', 'decode', 'idle'] as const)[i % 3], gpuCount: 1 + (i % 8),
    start: T0 + i * 7_919 + (i % 4 === 0 ? 0.125 * i : 0), end: T0 + 3 * H - i * 3_571.5,
  }));
  const cost = gpuCost(intervals, rates, window);
  let expected = new Decimal(0);
  for (const i of intervals) {
    const cuts = [i.start, T0 + H, T0 + 90 * M, T0 + 2 * H, i.end];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const rate = cuts[k] < T0 + 90 * M ? '2.15' : '1.9999';
      expected = expected.plus(new Decimal((cuts[k + 1] - cuts[k]) * i.gpuCount).times(rate));
    }
  }
  assert.equal(cost.total.cost.toString(), expected.dividedBy(H).toString());
  assert.equal(cost.hours.reduce((s, h) => s.plus(h.cost.times(H)), new Decimal(0)).toString(), expected.toString());
});

test('a long range costs the exact sum of its parts, with or without hourly rows', () => {
  const year = 365 * 24 * H;
  const long = { start: T0, end: T0 + 2 * year };
  const middle = T0 + year + 7 * H + 13 * M; // a cut off the hour grid
  const rates = [h800('2', 0, T0 + 100 * H + 17 * M), h800('2.35', T0 + 100 * H + 17 * M, T0 + 400 * H), h800('1.9', T0 + 400 * H)];
  const intervals = [
    node({ start: T0 + 5 * M, end: T0 + 2 * year - 3 * M }),
    node({ node: 'n2', state: 'decode', gpuCount: 7, start: T0 + 90 * H + 41 * M, end: T0 + 30_000 * H }),
    node({ node: 'n3', state: 'idle', gpuCount: 3, start: T0 + 399 * H, end: T0 + 401 * H }),
  ];
  const withHours = gpuCost(intervals, rates, long);
  const totalOnly = gpuCost(intervals, rates, long, false);
  assert.equal(totalOnly.hours.length, 0);
  assert.ok(totalOnly.total.cost.equals(withHours.total.cost));
  for (const role of ['prefill', 'decode', 'idle'] as const) assert.ok(totalOnly.total.costByState[role].equals(withHours.total.costByState[role]), role);
  assert.equal(totalOnly.total.gpuHours, withHours.total.gpuHours);
  const parts = [{ start: long.start, end: middle }, { start: middle, end: long.end }].map((w) => gpuCost(intervals, rates, w, false).total.cost);
  assert.ok(parts[0].plus(parts[1]).equals(totalOnly.total.cost), `${parts[0].plus(parts[1])} ≠ ${totalOnly.total.cost}`);
});
