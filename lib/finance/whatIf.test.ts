import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whatIf, type WhatIfBase } from './whatIf';

// Two hours at 10 nodes and two night hours at 4, 8 GPUs a node, $2 an hour: 28 node-hours → $448.
const base: WhatIfBase = {
  hourly: [{ hours: 1, nodes: 10 }, { hours: 1, nodes: 4 }, { hours: 1, nodes: 4 }, { hours: 1, nodes: 10 }],
  gpusPerNode: 8,
  usdPerGpuHour: '2',
  tokens: { input: 10e6, cached: 5e6, output: 1e6 },
  prices: { cacheHitInput: '0.14', cacheMissInput: '0.55', output: '2.19' },
  theoreticalRevenue: 5.64, // 5M × 0.14 + 5M × 0.55 + 1M × 2.19
  actualRevenue: 2.82,
};
const observed = { usdPerGpuHour: '2', prices: base.prices, cacheHitRatio: 0.5, nightNodes: null };

test('unchanged assumptions give the observed day back', () => {
  assert.deepEqual(whatIf(base, observed), {
    cost: 448, theoreticalRevenue: 5.64, actualRevenue: 2.82, theoreticalMargin: -0.9874, actualMargin: -0.9937,
  });
});

test('GPU rate, night-time nodes, cache hits and prices move cost, revenue and margin', () => {
  assert.equal(whatIf(base, { ...observed, usdPerGpuHour: '1' }).cost, 224);
  assert.equal(whatIf(base, { ...observed, nightNodes: 0 }).cost, 320); // 20 node-hours
  // 80% hits: 8M × 0.14 + 2M × 0.55 + 1M × 2.19 = 4.41; actual keeps its half of theoretical.
  const hits = whatIf(base, { ...observed, cacheHitRatio: 0.8 });
  assert.deepEqual([hits.theoreticalRevenue, hits.actualRevenue], [4.41, 2.21]);
  assert.equal(whatIf(base, { ...observed, prices: { ...base.prices, output: '4.38' } }).theoreticalRevenue, 7.83);
});
