import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogramQuantile } from './histogram';

const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual / expected - 1) < 1e-12, `${actual} ≠ ${expected}`);

test('quantiles interpolate geometrically inside the bin (20 bins per decade)', () => {
  const bins = [{ bin: 40, weight: 3 }, { bin: 20, weight: 1 }]; // values near 10 and near 100
  close(histogramQuantile(bins, 0.125), 10 ** (20.5 / 20)); // half-way through the first bin's weight
  close(histogramQuantile(bins, 0.5), 10 ** ((40 + 1 / 3) / 20));
  close(histogramQuantile(bins, 0.99), 10 ** ((40 + 2.96 / 3) / 20));
});

test('repeated bins (several steps) add up; an empty histogram has no quantile', () => {
  close(histogramQuantile([{ bin: 0, weight: 1 }, { bin: 0, weight: 1 }, { bin: 10, weight: 2 }], 0.5), 10 ** (1 / 20));
  assert.equal(histogramQuantile([], 0.5), null);
  assert.throws(() => histogramQuantile([], 1), /quantile/);
});
