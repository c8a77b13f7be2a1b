import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counterShare, gpuMask, kvEntries, NodeMinuteRollup, outputSpeed, RequestRollup, type RollupSample } from './rollupMath';

const T0 = Date.parse('2025-02-27T04:00:00Z');
const sample = (over: Partial<RollupSample>): RollupSample => ({
  ts: T0 + 10_000, intervalS: 10, nodeId: 1, gpu: 0, role: 'decode', inputTokens: null, cachedTokens: null, outputTokens: 100,
  requests: null, dispatchSendTokens: null, dispatchRecvTokens: null, runningRequests: 4, kvCacheTokens: null,
  kvCacheCapacity: null, utilPct: null, powerW: null, energyJ: null, ...over,
});

test('a counter split over minutes adds back exactly, whatever the split', () => {
  for (const [x, lo] of [[1001, 0.3], [7, 0.5], [999_999_999_999, 0.123456]] as const) {
    const start = 0;
    const dur = 90_000_000;
    const cut = Math.round(dur * lo);
    assert.equal(counterShare(x, start, dur, start, cut) + counterShare(x, start, dur, cut, dur), x);
  }
});

test('samples inside one minute count whole; straddling ones split by overlap', () => {
  const rollup = new NodeMinuteRollup();
  rollup.add(sample({}));
  rollup.add(sample({ ts: T0 + 90_000, intervalS: 60, gpu: 33, outputTokens: 1001 }));
  const rows = [...rollup.minutes()].map((m) => [m.bucket - T0, m.outputTokens, m.gpuSeconds, m.runningRequestsS, gpuMask(m)]);
  assert.deepEqual(rows, [
    [0, 100 + 500, 10 + 30, 4 * 40, String(1n + (1n << 33n))],
    [60_000, 501, 30, 4 * 30, String(1n << 33n)],
  ]);
});

test('a rebuild keeps only the minutes asked for', () => {
  const rollup = new NodeMinuteRollup((_node, bucket) => bucket >= T0 + 60_000);
  rollup.add(sample({ ts: T0 + 90_000, intervalS: 60, outputTokens: 1001 }));
  assert.deepEqual([...rollup.minutes()].map((m) => m.outputTokens), [501]);
});

test('requests add weighted tokens, KV entries, speed and TTFT with their histograms', () => {
  const rollup = new RequestRollup();
  rollup.add({ arrivedAt: T0, modelId: 1, source: 'api', inputTokens: 100, cachedTokens: 50, outputTokens: 11, sampleWeight: 3, firstTokenAt: T0 + 100, finishedAt: T0 + 1100 });
  const [m] = rollup.minutes();
  assert.equal(m.kvEntries, 3 * kvEntries(100, 11));
  assert.equal(kvEntries(100, 11), 11 * 100 + 55);
  assert.equal(m.speedSum / m.speedWeight, 10);
  assert.equal(m.ttftMsSum / m.ttftWeight, 100);
  assert.deepEqual([m.speedBins.row(), m.ttftBins.row()], [{ lo: 20, weights: [3] }, { lo: 40, weights: [3] }]);
  assert.equal(outputSpeed({ outputTokens: 1, firstTokenAt: 0, finishedAt: 10 }), null);
});

test('the fast and the exact big-integer split agree', () => {
  const big = (x: number, s: number, d: number, lo: number, hi: number) =>
    Number((BigInt(x) * BigInt(hi - s)) / BigInt(d) - (BigInt(x) * BigInt(lo - s)) / BigInt(d));
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
  for (let i = 0; i < 20_000; i++) {
    const x = rnd(2) ? rnd(1_000_000) : rnd(2_000_000_000) * 1000 + rnd(1000);
    const durUs = (1 + rnd(900)) * (rnd(2) ? 1_000_000 : 1_000) + (rnd(4) ? 0 : rnd(999));
    const lo = rnd(durUs);
    const hi = lo + rnd(durUs - lo + 1);
    assert.equal(counterShare(x, 0, durUs, lo, hi), big(x, 0, durUs, lo, hi), `${x} ${durUs} ${lo} ${hi}`);
  }
});
