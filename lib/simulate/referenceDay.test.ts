import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOUR_MS } from '@/lib/time/window';
import { deepseek20250227 as profile } from './profiles/deepseek-2025-02-27';
import { simulate } from './simulate';
import { RecordTally, type TokenSums } from './tally';

/**
 * The reference day, generated whole (complete counters for ~1,800 GPUs every 10 s, requests
 * sampled at 0.1%) and added up straight from the records, against DeepSeek's published figures
 * (docs/design.md "The reference day").
 */
const tally = new RecordTally(profile.window);
for (const record of simulate(profile, { seed: 1, scale: 0.001 })) tally.add(record);
tally.finish();
const f = tally.figures();

/** R1 list prices in units of $0.01 per million tokens, i.e. 1e-8 $ per token: exact integer sums. */
const R1 = { hit: 14, miss: 55, output: 219 };
const V3 = { hit: 7, miss: 27, output: 110 };
const theoretical1e8 = (t: TokenSums, p = R1) => t.cached * p.hit + (t.input - t.cached) * p.miss + t.output * p.output;
const dollars = (units1e8: number) => units1e8 / 1e8;
const costOf = (gpuMs: number) => (gpuMs * 2) / HOUR_MS;
const within = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);

test('nodes: average 226.75, peak 278, cost $87,072 and $4,448 in each full hour at 278 nodes', () => {
  assert.equal(f.avgNodes, 226.75);
  assert.equal(f.peakNodes, 278);
  assert.equal(tally.servingGpuMs * 2, 87_072 * HOUR_MS); // GPU-hours × $2, in integer GPU-milliseconds
  const fullHours = tally.hourlyGpuMs.filter((ms) => ms === 278 * 8 * HOUR_MS);
  assert.equal(fullHours.length, 15); // 12:00–24:00 and 09:00–12:00 local
  for (const ms of fullHours) assert.equal(costOf(ms), 4_448);
  assert.equal(tally.nodeMs.other + tally.nodeMs.prefill + tally.nodeMs.decode, 278 * 24 * HOUR_MS);
});

test('counters are complete: every serving GPU reported every 10 s', () => {
  assert.equal(f.counterCompleteness, 1);
  assert.equal(tally.badSamples, 0);
});

test('tokens: input 608B, hit ratio 0.5625, output 168B', () => {
  within(f.tokens.input, 608e9, 0.5e9, 'input tokens');
  within(f.tokens.cacheHitRatio, 0.5625, 0.0005, 'cache-hit ratio');
  within(f.tokens.output, 168e9, 0.5e9, 'output tokens');
});

test('per-node throughput: prefill 73.7k input tokens/s, decode 14.8k output tokens/s (± 1%)', () => {
  within(f.prefillPerNode / 73_700, 1, 0.01, 'prefill per node ÷ 73.7k');
  within(f.decodePerNode / 14_800, 1, 0.01, 'decode per node ÷ 14.8k');
});

test('theoretical revenue $562,027 (± 0.1%) and a cost profit margin of 545% (± 1 point)', () => {
  const revenue = dollars(theoretical1e8(f.tokens));
  within(revenue / 562_027, 1, 0.001, 'theoretical revenue ÷ $562,027');
  within((revenue - 87_072) / 87_072, 5.45, 0.01, 'margin');
});

test("hourly theoretical income follows the published chart: ~$27k–31k by day, ~$6k at night", () => {
  const income = tally.hourly.map((h) => dollars(theoretical1e8(h)));
  const nodesInHour = tally.hourlyGpuMs.map((ms) => ms / 8 / HOUR_MS);
  income.forEach((usd, h) => {
    if (nodesInHour[h] === 278) assert.ok(usd >= 27_000 && usd <= 31_000, `hour ${h} at 278 nodes: $${usd}`);
    if (nodesInHour[h] === 68) assert.ok(usd >= 5_000 && usd <= 7_000, `hour ${h} at 68 nodes: $${usd}`);
  });
  within(Math.min(...income), 6_000, 500, 'the night-time low');
  assert.equal(nodesInHour.filter((n) => n === 68).length, 2); // 04:00–06:00 local
});

test('requests: weighted totals cover the counters, KV length 4,989 per output token (± 1%), speed 20–22 tokens/s', () => {
  assert.ok(tally.counts.request > 100_000);
  for (const [what, coverage] of Object.entries(f.requestCoverage)) within(coverage, 1, 0.01, `${what} coverage`);
  within(f.kvLengthPerOutputToken / 4_989, 1, 0.01, 'KV-cache length per output token ÷ 4,989');
  assert.ok(f.meanOutputSpeed >= 20 && f.meanOutputSpeed <= 22, `mean output speed ${f.meanOutputSpeed}`);
});

test('actual revenue is well below theoretical: V3 cheaper, web and app free, off-peak discounts', () => {
  let actual = 0;
  let requestTheoretical = 0;
  for (const [key, sums] of tally.requestBuckets) {
    const [model, source, halfHour] = key.split('|');
    requestTheoretical += theoretical1e8(sums);
    if (source !== 'api') continue;
    // half-hours from 12:00 local: 00:30–08:30 is 25 to 40; 75% off R1, 50% off V3
    const offPeak = Number(halfHour) >= 25 && Number(halfHour) < 41;
    const list = theoretical1e8(sums, model === 'deepseek-r1' ? R1 : V3);
    actual += offPeak ? list * (model === 'deepseek-r1' ? 0.25 : 0.5) : list;
  }
  const share = actual / requestTheoretical;
  assert.ok(share > 0.15 && share < 0.5, `actual ÷ theoretical ${share}`);
});

test('5-minute samples (--sample-interval 300) give the same day, hour by hour, from 1/30 of the gpu_sample rows', () => {
  const coarse = new RecordTally(profile.window);
  for (const record of simulate({ ...profile, expertLayers: [] }, { seed: 1, scale: 0.001, sampleIntervalS: 300 })) coarse.add(record);
  coarse.finish();
  assert.deepEqual(coarse.figures(), f);
  assert.deepEqual(coarse.counters, tally.counters);
  assert.deepEqual(coarse.hourly, tally.hourly);
  assert.deepEqual(coarse.hourlyGpuMs, tally.hourlyGpuMs);
  assert.deepEqual(coarse.nodeMs, tally.nodeMs);
  assert.deepEqual(coarse.requests, tally.requests);
  assert.equal(coarse.counts.gpu_sample * 30, tally.counts.gpu_sample);
});
