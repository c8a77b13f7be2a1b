import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apportionCents, centsNumber, roundCents, sum, usd } from '@/lib/finance/money';

const texts = (values: { toFixed(dp: number): string }[]) => values.map((v) => v.toFixed(2));

test('rounding is half-up to the cent', () => {
  assert.equal(roundCents(usd('2.005')).toFixed(2), '2.01');
  assert.equal(roundCents(usd('2.00499999')).toFixed(2), '2.00');
  assert.equal(roundCents(usd('-2.005')).toFixed(2), '-2.01');
  assert.equal(centsNumber(usd('87072.004')), 87072);
});

test('decimal sums are exact where floats are not', () => {
  assert.notEqual(0.1 + 0.2, 0.3);
  assert.equal(sum([usd('0.1'), usd('0.2')]).toString(), '0.3');
  assert.throws(() => usd('NaN'), /not an amount/);
});

test('hourly figures rounded to the cent add up to the day rounded once', () => {
  // Each 1.005 alone rounds to 1.01 (3.03 in all), but the day is 3.015 → 3.02.
  const { parts, total } = apportionCents([usd('1.005'), usd('1.005'), usd('1.005')]);
  assert.equal(total.toFixed(2), '3.02');
  assert.deepEqual(texts(parts), ['1.01', '1.01', '1.00']);
});

test('the missing cents go to the largest remainders', () => {
  const { parts, total } = apportionCents([usd('0.334'), usd('0.333'), usd('0.338')]);
  assert.equal(total.toFixed(2), '1.01'); // 1.005
  // Floors 0.33 × 3 = 0.99; two cents missing; remainders 0.004, 0.003, 0.008.
  assert.deepEqual(texts(parts), ['0.34', '0.33', '0.34']);
  assert.equal(sum(parts).toFixed(2), total.toFixed(2));
});

test('apportioning whole cents changes nothing', () => {
  const { parts, total } = apportionCents([usd('4448'), usd('3488'), usd('0.50')]);
  assert.deepEqual(texts(parts), ['4448.00', '3488.00', '0.50']);
  assert.equal(total.toFixed(2), '7936.50');
});
