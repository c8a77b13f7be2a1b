import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { actualRevenue, explainRevenueGap, theoreticalRevenue, type UsageBucket } from '@/lib/finance/revenue';
import type { Pricing } from '@/lib/finance/priceBook';
import { dayWindow } from '@/lib/time/day';

const day = dayWindow('2025-02-27', 'Asia/Shanghai', '12:00');
const M = 60_000;
const tokens = { inputTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 1_000_000 };
// At R1 list price: 0.4 M × $0.14 + 0.6 M × $0.55 + 1 M × $2.19 = $2.576.
const minute = (iso: string, model: string | null, source: string | null): UsageBucket => {
  const start = Date.parse(iso);
  return { start, end: start + M, model, source, ...tokens };
};
const text = (value: { toString(): string }) => value.toString();

const requests = [
  minute('2025-02-27T16:29:00Z', 'deepseek-r1', 'api'), // 00:29 Shanghai: full price 2.576
  minute('2025-02-27T16:30:00Z', 'deepseek-r1', 'api'), // 00:30: 75% off → 0.644
  minute('2025-02-27T16:30:00Z', 'deepseek-v3', 'api'), // V3 list 1.29, 50% off → 0.645
  minute('2025-02-27T16:30:00Z', 'deepseek-r1', 'web'), // free
  minute('2025-02-27T16:31:00Z', 'qwen3', 'api'), // no price book: unpriced
  minute('2025-02-27T16:31:00Z', 'deepseek-r1', null), // unknown source: free
];

test('actual revenue: own price book, billable sources only, off-peak discount where the request arrived', () => {
  const actual = actualRevenue(requests, DEFAULT_PRICING, day);
  assert.equal(text(actual.total.revenue), '3.865');
  assert.equal(text(actual.hours[12].revenue), '3.865'); // 00:00–01:00 Shanghai
  assert.equal(actual.hours.filter((h) => !h.revenue.isZero()).length, 1);
  assert.deepEqual(actual.total.unpricedTokens, tokens);
  assert.equal(text(actual.total.byModel.get('deepseek-v3') ?? 'missing'), '0.645');
  assert.equal(text(actual.total.byModel.get('deepseek-r1') ?? 'missing'), '3.22');
  assert.equal(text(actual.total.bySource.get('web') ?? 'missing'), '0');
  assert.equal(actual.total.byModel.has('qwen3'), false);
});

test('theoretical − actual is explained by free traffic, unpriced models, model price and off-peak', () => {
  const actual = actualRevenue(requests, DEFAULT_PRICING, day).total;
  assert.equal(text(actual.referenceValue), '15.456');
  assert.equal(text(actual.freeTraffic), '5.152');
  assert.equal(text(actual.unpricedModels), '2.576');
  assert.equal(text(actual.modelPrice), '1.286'); // 2.576 − 1.29
  assert.equal(text(actual.offPeakDiscount), '2.577'); // 1.932 (R1) + 0.645 (V3)
  // Counters saw one more request's worth of tokens than the weighted requests.
  const counters = [{ start: Date.parse('2025-02-27T16:00:00Z'), end: Date.parse('2025-02-27T17:00:00Z'), ...tokens }];
  counters[0].inputTokens *= 7;
  counters[0].cachedTokens *= 7;
  counters[0].outputTokens *= 7;
  const theoretical = theoreticalRevenue(counters, DEFAULT_PRICING, day).total.revenue;
  assert.equal(text(theoretical), '18.032');
  const gap = explainRevenueGap(theoretical, actual);
  assert.equal(text(gap.gap), '14.167');
  assert.equal(text(gap.uncovered), '2.576');
});

test('no off-peak discount before DeepSeek introduced it', () => {
  const early = minute('2025-02-20T16:30:00Z', 'deepseek-r1', 'api');
  const window = dayWindow('2025-02-20', 'Asia/Shanghai', '12:00');
  assert.equal(text(actualRevenue([early], DEFAULT_PRICING, window).total.revenue), '2.576');
});

test('a bucket across an off-peak edge or an hour of the window is refused, not guessed', () => {
  const hour = (iso: string): UsageBucket => ({ ...minute(iso, 'deepseek-r1', 'api'), end: Date.parse(iso) + 60 * M });
  assert.throws(() => actualRevenue([hour('2025-02-28T00:00:00Z')], DEFAULT_PRICING, day), /off-peak edge/); // 08:00–09:00
  const kolkata = dayWindow('2025-02-27', 'Asia/Kolkata', '00:00'); // hours start at :30 UTC
  assert.throws(() => actualRevenue([hour('2025-02-27T04:00:00Z')], DEFAULT_PRICING, kolkata), /one hour of the window/);
  assert.throws(() => actualRevenue([minute('2025-03-01T00:00:00Z', 'deepseek-r1', 'api')], DEFAULT_PRICING, day), /one hour/);
  // A whole hour inside off-peak is fine: 01:00–02:00 Shanghai.
  assert.equal(text(actualRevenue([hour('2025-02-27T17:00:00Z')], DEFAULT_PRICING, day).total.revenue), '0.644');
});

test('theoretical revenue without a reference price book in force counts unpriced tokens', () => {
  const changeAt = Date.parse('2025-02-27T16:30:00Z');
  const pricing: Pricing = {
    ...DEFAULT_PRICING,
    priceBooks: DEFAULT_PRICING.priceBooks.map((book) => ({ ...book, effectiveFrom: changeAt })),
  };
  const buckets = [minute('2025-02-27T16:29:00Z', null, null), minute('2025-02-27T16:30:00Z', null, null)];
  const theoretical = theoreticalRevenue(buckets, pricing, day);
  assert.equal(text(theoretical.total.revenue), '2.576');
  assert.deepEqual(theoretical.total.unpricedTokens, tokens);
  const hourBucket = { start: Date.parse('2025-02-27T16:00:00Z'), end: Date.parse('2025-02-27T17:00:00Z'), ...tokens };
  assert.throws(() => theoreticalRevenue([hourBucket], pricing, day), /straddles a change/);
});

test('bad token counts and bad pricing are rejected', () => {
  const bad = { ...minute('2025-02-27T16:29:00Z', 'deepseek-r1', 'api'), cachedTokens: 2_000_000 };
  assert.throws(() => actualRevenue([bad], DEFAULT_PRICING, day), /cached ≤ input/);
  const offMinute: Pricing = { ...DEFAULT_PRICING, priceBooks: [{ ...DEFAULT_PRICING.priceBooks[0], effectiveFrom: 1 }] };
  assert.throws(() => theoreticalRevenue([], offMinute, day), /whole minutes/);
  const badDiscount: Pricing = {
    ...DEFAULT_PRICING,
    offPeakWindows: [{ ...DEFAULT_PRICING.offPeakWindows[0], discountByModel: { 'deepseek-r1': '1.5' } }],
  };
  assert.throws(() => theoreticalRevenue([], badDiscount, day), /between 0 and 1/);
});

test('revenue over a long range is the exact sum of its parts, with or without hourly rows', () => {
  const H = 60 * M;
  const long = { start: Date.parse('2025-02-20T04:00:00Z'), end: Date.parse('2025-03-20T04:00:00Z') };
  const models = ['deepseek-r1', 'deepseek-v3', 'qwen3'];
  const sources = ['api', 'web', null];
  const buckets: UsageBucket[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = long.start + ((i * 7919) % ((long.end - long.start) / M)) * M;
    buckets.push({ start, end: start + M, model: models[i % 3], source: sources[(i >> 1) % 3], inputTokens: 1000 + i * 37, cachedTokens: (i * 13) % 1000, outputTokens: 500 + i * 11 });
  }
  const cut = long.start + 9 * 24 * H + 37 * M;
  const inside = (w: { start: number; end: number }) => buckets.filter((b) => b.start >= w.start && b.start < w.end);
  for (const price of [
    (w: { start: number; end: number }, hourly: boolean) => theoreticalRevenue(inside(w), DEFAULT_PRICING, w, hourly).total.revenue,
    (w: { start: number; end: number }, hourly: boolean) => actualRevenue(inside(w), DEFAULT_PRICING, w, hourly).total.revenue,
  ]) {
    const whole = price(long, false);
    assert.ok(whole.equals(price(long, true)));
    assert.ok(price({ start: long.start, end: cut }, false).plus(price({ start: cut, end: long.end }, false)).equals(whole));
  }
  assert.equal(actualRevenue(buckets, DEFAULT_PRICING, long, false).hours.length, 0);
});
