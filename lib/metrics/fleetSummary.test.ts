import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FleetData } from './fleetData';
import { summariseFleet } from './fleetSummary';
import type { NodeInterval } from './queries/getNodeIntervals';

const H = 3_600_000;
const node = (name: string, state: NodeInterval['state'], from: number, to: number, origin: NodeInterval['origin'] = 'node_events'): NodeInterval => ({
  origin, node: name, state, gpuType: origin === 'node_events' ? 'H800' : null, gpuCount: 8, start: from * H, end: to * H,
});
const data: FleetData = {
  window: { start: 0, end: H },
  intervals: [node('p1', 'prefill', 0, 1), node('d1', 'decode', 0, 0.5), node('d2', 'decode', 0.5, 1, 'gpu_samples')],
  counters: [
    // 2 node-hours × 8 GPUs × 3600 s = 57,600 GPU-seconds, all with counters: complete.
    { at: 0, role: 'prefill', inputTokens: 3_600_000, cachedTokens: 1_800_000, outputTokens: 0, requests: 0, dispatchRecvTokens: 0, gpuSeconds: 28_800, tokenSeconds: 28_800, kvCacheTokensS: 0, kvCacheCapacityS: 0, runningRequestsS: 0 },
    { at: 0, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 720_000, requests: 0, dispatchRecvTokens: 0, gpuSeconds: 28_800, tokenSeconds: 28_800, kvCacheTokensS: 0, kvCacheCapacityS: 0, runningRequestsS: 0 },
  ],
  requests: [
    { at: 0, model: 'deepseek-r1', source: 'api', requests: 10, inputTokens: 3_000_000, cachedTokens: 1_500_000, outputTokens: 1000, kvEntries: 5_000_000, speedSum: 210, speedWeight: 10, ttftMsSum: 5000, ttftWeight: 10 },
  ],
  outputSpeedBins: [{ at: 0, bin: 26, weight: 10 }],
  ttftBins: [],
  energy: [],
};

test('fleet figures of a small hand-made fleet', () => {
  const s = summariseFleet(data);
  assert.equal(s.nodes.avg.value, 2);
  assert.equal(s.nodes.peak.value, 2);
  assert.equal(s.nodes.gpuHours.value, 16);
  assert.equal(s.tokens.input.source, 'counters');
  assert.equal(s.tokens.cacheHitRatio.value, 0.5);
  assert.equal(s.tokens.input.coverage, (3_000_000 + 1000) / (3_600_000 + 720_000));
  assert.equal(s.throughput.prefillPerNode.value, 1000); // 3.6M input tokens ÷ 3600 prefill node-seconds
  assert.equal(s.throughput.decodePerNode.value, 200); // 720k output tokens ÷ (1800 + 1800) decode node-seconds
  assert.equal(s.kv.avgLengthPerOutputToken.value, 5000);
  assert.equal(s.kv.avgLengthPerOutputToken.source, 'requests');
  assert.equal(s.outputSpeed.mean.value, 21);
  assert.equal(s.ttftMs.mean.value, 500);
  assert.equal(s.ttftMs.p50.value, null);
});

test('node figures say how much of the serving time came from events', () => {
  const s = summariseFleet(data);
  assert.equal(s.nodes.avg.source, 'mixed');
  assert.equal(s.nodes.avg.coverage, 0.75);
  const onlyEvents = summariseFleet({ ...data, intervals: data.intervals.slice(0, 2) });
  assert.equal(onlyEvents.nodes.avg.source, 'node_events');
  // Half the serving GPU-seconds now: the counters over-cover, and still count as complete.
  assert.equal(onlyEvents.tokens.input.source, 'counters');
});

test('without prefill or decode time the per-node rates have no value', () => {
  const s = summariseFleet({ ...data, intervals: [], counters: [] });
  assert.equal(s.throughput.prefillPerNode.value, null);
  assert.equal(s.tokens.input.source, 'requests');
  assert.equal(s.tokens.input.value, 3_000_000);
});

test('a live window: counters are judged complete up to the newest data, not up to now (regression: a live fleet showed 0 tokens)', () => {
  // Both nodes serve to the window's end (now), but the counters, a scrape and a settle time
  // behind, reach only 48 of its 60 minutes: 48/60 of the serving GPU-seconds.
  const live: FleetData = {
    ...data,
    intervals: [node('p1', 'prefill', 0, 1), node('d1', 'decode', 0, 1)],
    counters: data.counters.map((c) => ({ ...c, tokenSeconds: 8 * 3600 * 0.8, gpuSeconds: 8 * 3600 * 0.8 })),
  };
  assert.equal(summariseFleet(live).tokens.input.source, 'requests');
  const judged = summariseFleet({ ...live, dataThrough: 0.8 * H });
  assert.equal(judged.tokens.input.source, 'counters');
  assert.equal(judged.tokens.input.value, 3_600_000);
  // Node figures still count the whole window.
  assert.equal(judged.nodes.gpuHours.value, 16);
});

test('a live window whose data began within its newest minute: the counters that reported are complete', () => {
  const fresh: FleetData = {
    ...data,
    window: { start: 0, end: H },
    intervals: [node('p1', 'prefill', 59.9 / 60, 1)],
    counters: [{ ...data.counters[0], at: 59 * 60_000, tokenSeconds: 8 * 3, gpuSeconds: 8 * 3 }],
  };
  assert.equal(summariseFleet({ ...fresh, dataThrough: 59 * 60_000 }).tokens.input.source, 'counters');
});
