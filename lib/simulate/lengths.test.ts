import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawLength, inverseNormal, lengthTable } from './lengths';
import { Rng } from './prng';

test('inverseNormal inverts the standard normal CDF', () => {
  assert.equal(inverseNormal(0.5), 0);
  assert.ok(Math.abs(inverseNormal(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(inverseNormal(0.001) + 3.090232) < 1e-6);
  assert.throws(() => inverseNormal(1), RangeError);
});

test('a length table has the lognormal median, respects the limit, and its moments are what draws average to', () => {
  const table = lengthTable({ median: 1000, sigma: 0.8, max: 8192 });
  const sorted = [...table.values];
  assert.ok(Math.abs(sorted[511] - 1000) < 5 && Math.abs(sorted[512] - 1000) < 5);
  assert.equal(Math.max(...sorted), 8192);
  assert.ok(Math.min(...sorted) >= 1);
  // lognormal mean = median · e^(σ²/2) = 1377; the clamp at 8K trims a little
  assert.ok(table.mean > 1340 && table.mean < 1377, `mean ${table.mean}`);
  const rng = new Rng(3);
  let sum = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) sum += drawLength(table, rng.next());
  assert.ok(Math.abs(sum / n / table.mean - 1) < 0.01);
});
