import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binMidpoint, histogramBin, histogramQuantile, HIST_MAX_BIN, HIST_MIN_BIN } from './histogram';

test('bins are 20 per decade, clamped, and not defined for values ≤ 0', () => {
  assert.equal(histogramBin(1), 0);
  assert.equal(histogramBin(10), 20);
  assert.equal(histogramBin(9.99), 19);
  assert.equal(histogramBin(1e-9), HIST_MIN_BIN);
  assert.equal(histogramBin(1e12), HIST_MAX_BIN);
  assert.equal(histogramBin(0), null);
  assert.equal(histogramBin(-3), null);
});

test('quantiles read the bin that reaches the weight, as its midpoint', () => {
  const bins = [{ bin: 20, weight: 1 }, { bin: 0, weight: 3 }];
  assert.equal(histogramQuantile(bins, 0.5), binMidpoint(0));
  assert.equal(histogramQuantile(bins, 0.9), binMidpoint(20));
  assert.equal(histogramQuantile([], 0.5), null);
});
