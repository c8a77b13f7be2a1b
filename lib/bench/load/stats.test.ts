import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, summarise } from './stats';

test('percentiles are nearest-rank over the sorted latencies', () => {
  const latencies = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(summarise(latencies), { count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});
