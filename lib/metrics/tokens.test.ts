import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import type { RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import { fleetTokens, tokenBuckets } from './tokens';

const M = 60_000;
const counter = (at: number, role: CounterTotals['role'], inputTokens: number, cachedTokens: number, outputTokens: number, tokenSeconds: number): CounterTotals => ({
  at, role, inputTokens, cachedTokens, outputTokens, requests: 0, dispatchRecvTokens: 0, gpuSeconds: tokenSeconds, tokenSeconds,
  kvCacheTokensS: 0, kvCacheCapacityS: 0, runningRequestsS: 0,
});
const request = (at: number, source: string, inputTokens: number, cachedTokens: number, outputTokens: number): RequestAggregate => ({
  at, model: 'deepseek-r1', source, requests: 1, inputTokens, cachedTokens, outputTokens, kvEntries: 0, speedSum: 0, speedWeight: 0, ttftMsSum: 0, ttftWeight: 0,
});
const counters = [counter(0, 'prefill', 1000, 600, 0, 480), counter(0, 'decode', 0, 0, 200, 480), counter(M, 'prefill', 500, 100, 0, 40)];
const requests = [request(0, 'api', 800, 500, 150), request(M, 'web', 300, 0, 50)];

test('complete counters are the source; coverage is weighted request tokens ÷ counter tokens', () => {
  const t = fleetTokens(counters, requests, 1000);
  assert.equal(t.source, 'counters');
  assert.deepEqual([t.inputTokens, t.cachedTokens, t.outputTokens], [1500, 700, 200]);
  assert.equal(t.counterCompleteness, 1);
  assert.equal(t.coverage, (1100 + 200) / (1500 + 200));
});

test('counters missing part of the serving time give way to weighted requests', () => {
  const t = fleetTokens(counters, requests, 1100); // 1000 of 1100 GPU-seconds reported
  assert.equal(t.source, 'requests');
  assert.deepEqual([t.inputTokens, t.cachedTokens, t.outputTokens], [1100, 500, 200]);
  assert.equal(t.counterCompleteness, 1000 / 1100);
  assert.equal(fleetTokens([], requests, 0).coverage, null);
});

test('token buckets sum the roles (or models and sources) of each minute', () => {
  assert.deepEqual(tokenBuckets('counters', counters, requests, M), [
    { start: 0, end: M, inputTokens: 1000, cachedTokens: 600, outputTokens: 200 },
    { start: M, end: 2 * M, inputTokens: 500, cachedTokens: 100, outputTokens: 0 },
  ]);
  assert.equal(tokenBuckets('requests', counters, requests, M)[1].inputTokens, 300);
});
