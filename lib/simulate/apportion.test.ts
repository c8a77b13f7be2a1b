import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apportion } from './apportion';
import { Rng } from './prng';

test('parts are integers that sum to the total, each within 1 of its exact share', () => {
  const rng = new Rng(7);
  for (const total of [0, 1, 17, 608_000_000_000]) {
    const weights = Array.from({ length: 929 }, () => rng.uniform(0.5, 1.5));
    const parts = new Float64Array(weights.length);
    apportion(total, weights, parts);
    const sumWeights = weights.reduce((a, b) => a + b, 0);
    assert.equal(parts.reduce((a, b) => a + b, 0), total);
    parts.forEach((p, i) => {
      assert.ok(Number.isInteger(p) && p >= 0);
      assert.ok(Math.abs(p - (total * weights[i]) / sumWeights) < 1 + 1e-6);
    });
  }
});

test('zero weights get nothing; all-zero weights are an error', () => {
  const parts = [0, 0, 0];
  apportion(10, [1, 0, 1], parts);
  assert.deepEqual(parts, [5, 0, 5]);
  assert.throws(() => apportion(10, [0, 0], [0, 0]), /positive sum/);
});
