import { test } from 'node:test';
import assert from 'node:assert/strict';
import { energyCost, validateElectricityRates, type ElectricityRate } from './electricity';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const M = 60_000;
const H = 60 * M;
const window = { start: T0, end: T0 + 3 * H };
const rate = (usdPerKwh: string, from: number, to: number | null = null): ElectricityRate => ({ usdPerKwh, effectiveFrom: from, effectiveTo: to });
const piece = (from: number, to: number, energyJ: number) => ({ start: T0 + from * M, end: T0 + to * M, energyJ });

test('energy cost splits the window at rate changes and prices each period once, exactly', () => {
  // 0.1 + 0.2 J do not add up to 0.3 as floats; as decimals they do, so 3,600,000.3 J is one kWh and 0.3 J.
  const rates = [rate('0.1234567891', 0, T0 + 90 * M), rate('0.2', T0 + 90 * M)];
  const cost = energyCost([piece(0, 60, 1_800_000.1), piece(60, 90, 1_800_000.2), piece(90, 180, 7_200_000)], rates, window);
  assert.deepEqual(cost.periods.map((p) => [(p.start - T0) / M, (p.end - T0) / M, p.energyJ, p.cost?.toString()]), [
    [0, 90, 3_600_000.3, '0.1234567993880657583333333333333333333333'],
    [90, 180, 7_200_000, '0.4'],
  ]);
  assert.equal(cost.cost.toString(), '0.5234567993880657583333333333333333333333');
  assert.equal(cost.pricedJ, 10_800_000.3);
  assert.equal(cost.unpricedJ, 0);
});

test('energy with no rate in force is unpriced, not free', () => {
  const cost = energyCost([piece(0, 60, 3_600_000), piece(60, 120, 3_600_000)], [rate('0.5', T0 + H, T0 + 2 * H)], window);
  assert.deepEqual(cost.periods.map((p) => [p.rate?.usdPerKwh ?? null, p.cost?.toString() ?? null]), [[null, null], ['0.5', '0.5'], [null, null]]);
  assert.equal(cost.unpricedJ, 3_600_000);
  assert.equal(energyCost([piece(0, 60, 3_600_000)], [], window).pricedJ, 0);
});

test('a piece across a rate change, or outside the window, cannot be priced', () => {
  const rates = [rate('0.1', 0, T0 + 90 * M), rate('0.2', T0 + 90 * M)];
  assert.throws(() => energyCost([piece(60, 120, 1)], rates, window), /spans an electricity rate change/);
  assert.throws(() => energyCost([piece(-60, 0, 1)], rates, window), /not inside the window/);
});

test('rates are non-negative, on whole minutes, and never two at once', () => {
  assert.throws(() => validateElectricityRates([rate('-0.1', 0)]), /negative rate/);
  assert.throws(() => validateElectricityRates([rate('0.1', T0 + 30_000)]), /whole minutes/);
  assert.throws(() => validateElectricityRates([rate('0.1', 0), rate('0.2', T0)]), /two entries in force/);
  validateElectricityRates([rate('0.1', 0, T0), rate('0.2', T0)]);
});
