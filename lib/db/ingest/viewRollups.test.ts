import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogramBin } from '@/lib/metrics/histogram';
import { Bins } from './bins';
import { NodeMinuteRollup, RequestRollup, type RollupSample } from './rollupMath';
import {
  AttentionRollup, attentionLoad, BalanceRollup, balanceSlot, ExpertRollup, GpuRollup, gpuHours, KvLengthRollup, kvLengthBins, nodeHours,
  requestHours, toHour,
} from './viewRollups';

const T0 = Date.parse('2025-02-27T04:00:00Z');
const MIN = 60_000;
const sample = (over: Partial<RollupSample>): RollupSample => ({
  ts: T0 + 10_000, intervalS: 10, nodeId: 1, gpu: 0, role: 'decode', inputTokens: null, cachedTokens: null, outputTokens: 100,
  requests: null, dispatchSendTokens: null, dispatchRecvTokens: null, runningRequests: 4, kvCacheTokens: null,
  kvCacheCapacity: null, utilPct: null, powerW: null, energyJ: null, ...over,
});
const request = { modelId: 1, source: 'api', cachedTokens: 0, sampleWeight: 2, firstTokenAt: null, finishedAt: null, prefillNodeId: 7, prefillGpu: 3 };

test('the KV lengths output tokens see are binned one token each, exactly', () => {
  // I = 8, O = 5: lengths 8, 9, 10, 11, 12.
  const bins = kvLengthBins(8, 5);
  const expected = new Map<number, number>();
  for (let v = 8; v <= 12; v++) expected.set(histogramBin(v) as number, (expected.get(histogramBin(v) as number) ?? 0) + 1);
  assert.deepEqual(bins, [...expected]);
  assert.equal(bins.reduce((s, [, n]) => s + n, 0), 5);
  // The first token of a request with no input sees length 0: not binned.
  assert.deepEqual(kvLengthBins(0, 1), []);
  assert.equal(kvLengthBins(0, 3).reduce((s, [, n]) => s + n, 0), 2);
  // Long requests: every token counted once across many bins.
  assert.equal(kvLengthBins(4000, 30_000).reduce((s, [, n]) => s + n, 0), 30_000);
  assert.equal(kvLengthBins(9_999_000, 5000).reduce((s, [, n]) => s + n, 0), 5000); // past the last bin edge
});

test('the KV-length histogram weighs each token by the sample weight, per minute or hour', () => {
  const kv = new KvLengthRollup();
  kv.add({ ...request, arrivedAt: T0 + 5_000, inputTokens: 8, outputTokens: 5 });
  kv.add({ ...request, arrivedAt: T0 + 65_000, inputTokens: 8, outputTokens: 5 });
  assert.equal(kv.rows().reduce((s, r) => s + r.weights.reduce((a, w) => a + w, 0), 0), 2 * 5 * 2);
  assert.deepEqual(new Set(kv.rows().map((r) => r.bucket - T0)), new Set([0, MIN]));
  assert.deepEqual(new Set(kv.rows(toHour).map((r) => r.bucket - T0)), new Set([0]));
  assert.ok(kv.rows().every((r) => r.metric === 3));
});

test('hour tiers sum the minutes, or the GPU masks, and keep the histograms', () => {
  const nodes = new NodeMinuteRollup();
  nodes.add(sample({ ts: T0 + 10_000, gpu: 0 }));
  nodes.add(sample({ ts: T0 + 70_000, gpu: 33, outputTokens: 7 }));
  const [hour] = nodeHours(nodes.minutes());
  assert.equal(hour.bucket, T0);
  assert.equal(hour.outputTokens, 107);
  assert.equal(hour.samples, 2);
  assert.deepEqual([hour.gpuMaskLo, hour.gpuMaskHi], [1, 2]);

  const requests = new RequestRollup();
  requests.add({ ...request, arrivedAt: T0 + 1_000, inputTokens: 10, outputTokens: 3, firstTokenAt: T0 + 1_100, finishedAt: T0 + 2_100 });
  requests.add({ ...request, arrivedAt: T0 + 61_000, inputTokens: 20, outputTokens: 3, firstTokenAt: T0 + 61_100, finishedAt: T0 + 62_100 });
  const [h] = requestHours(requests.minutes());
  assert.deepEqual([h.requests, h.inputTokens, h.speedWeight], [4, 60, 4]);
  const weights = [...h.ttftBins.weights, ...h.speedBins.weights];
  assert.equal(weights.reduce((s, w) => s + w, 0), 8); // TTFT and speed, 2 requests × weight 2
});

test('GPU buckets are 10 minutes, split exactly across an edge, and sum into hours', () => {
  const gpus = new GpuRollup();
  // 60 s ending 30 s past a 10-minute edge: half the tokens each side.
  gpus.add(sample({ ts: T0 + 10 * MIN + 30_000, intervalS: 60, outputTokens: 1001, kvCacheTokens: 500 }));
  gpus.add(sample({ ts: T0 + 20_000, gpu: 1, outputTokens: 5 }));
  const rows = [...gpus.buckets()].map((b) => [b.gpu, (b.bucket - T0) / MIN, b.outputTokens, b.gpuSeconds, b.kvCacheTokensS]);
  assert.deepEqual(rows.sort(), [[0, 0, 500, 30, 15_000], [0, 10, 501, 30, 15_000], [1, 0, 5, 10, 0]].sort());
  const hours = gpuHours(gpus.buckets());
  assert.deepEqual(hours.map((h) => [h.gpu, h.outputTokens, h.gpuSeconds]).sort(), [[0, 1001, 60], [1, 5, 10]]);
});

test('imbalance slots hold per objective the GPUs, the sum and the max of the per-second values', () => {
  assert.equal(balanceSlot(T0 + 10_000, 10), T0);
  assert.equal(balanceSlot(T0 + 9_400, 10), T0); // a late scrape joins its interval
  const balance = new BalanceRollup();
  balance.add(sample({ ts: T0 + 10_000, gpu: 0, role: 'prefill', inputTokens: 100, kvCacheTokens: 10, dispatchRecvTokens: 50 }));
  balance.add(sample({ ts: T0 + 10_000, gpu: 1, role: 'prefill', inputTokens: 300, kvCacheTokens: null, dispatchRecvTokens: 30 }));
  const [slot] = balance.slots();
  assert.deepEqual(
    [slot.inputN, slot.inputSum, slot.inputMax, slot.kvN, slot.kvSum, slot.kvMax, slot.recvN, slot.recvSum, slot.recvMax],
    [2, 40, 30, 1, 10, 10, 2, 8, 5],
  );
});

test('attention load per prefill GPU is Σ w·(I − C)·I over requests naming it', () => {
  const attention = new AttentionRollup();
  attention.add({ ...request, arrivedAt: T0 + 1_000, inputTokens: 100, cachedTokens: 40, outputTokens: 1 });
  attention.add({ ...request, arrivedAt: T0 + 2_000, inputTokens: 10, cachedTokens: 0, outputTokens: 1 });
  attention.add({ ...request, arrivedAt: T0 + 3_000, inputTokens: 10, outputTokens: 1, prefillGpu: null });
  const [a] = attention.buckets();
  assert.equal(attentionLoad(100, 40), 6000);
  assert.deepEqual([a.nodeId, a.gpu, a.attention, a.newTokens, a.requests, a.sampled], [7, 3, 2 * (6000 + 100), 2 * 70, 4, 2]);
});

test('expert loads sum per expert and per GPU per hour, split exactly over hours', () => {
  const experts = new ExpertRollup();
  const load = { phase: 'decode', layer: 3, nodeId: 1, gpu: 2, intervalS: 600 };
  experts.add({ ...load, ts: T0 + 5 * MIN, expert: 9, tokens: 1001 }); // half before T0
  experts.add({ ...load, ts: T0 + 20 * MIN, expert: 8, tokens: 10 });
  assert.deepEqual(experts.expertHours().map((e) => [(e.bucket - T0) / MIN, e.expert, e.tokens]).sort(), [[-60, 9, 500], [0, 8, 10], [0, 9, 501]]);
  assert.deepEqual(experts.gpuHours().map((g) => [(g.bucket - T0) / MIN, g.tokens]).sort(), [[-60, 500], [0, 511]]);
});

test('histogram bins gather into one array from the lowest bin, gaps as zeros, and merge bin by bin', () => {
  const bins = new Bins();
  bins.add(12, 1);
  bins.add(9, 2);
  bins.add(12, 0.5);
  assert.deepEqual(bins.row(), { lo: 9, weights: [2, 0, 0, 1.5] });
  const other = new Bins();
  other.add(-2, 4);
  other.add(10, 1);
  other.merge(bins);
  assert.deepEqual(other.row(), { lo: -2, weights: [4, ...new Array(10).fill(0), 2, 1, 0, 1.5] });
  assert.deepEqual(new Bins().row(), { lo: 0, weights: [] });
});
