import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { PricingFileError, formatPricingFile, parsePricingFile } from './pricingFile';

test('a pricing file round-trips exactly', () => {
  const text = formatPricingFile(DEFAULT_PRICING);
  assert.equal(formatPricingFile(parsePricingFile(text)), text);
  const parsed = parsePricingFile(text);
  assert.equal(parsed.offPeakWindows[0].effectiveFrom, Date.parse('2025-02-26T16:30:00Z'));
  assert.equal(parsed.priceBooks[0].usdPerMillionTokens.output, '2.19');
});

test('errors name the field and say what is wrong', () => {
  const file = JSON.parse(formatPricingFile(DEFAULT_PRICING));
  file.priceBooks[1].usdPerMillionTokens.output = 'cheap';
  file.rateCards[0].effectiveFrom = '2025-02-27';
  const error = (() => {
    try {
      parsePricingFile(JSON.stringify(file));
    } catch (e) {
      return e as PricingFileError;
    }
    assert.fail('accepted an invalid file');
  })();
  assert.ok(error instanceof PricingFileError);
  const paths = error.problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ['priceBooks.1.usdPerMillionTokens.output', 'rateCards.0.effectiveFrom']);
  assert.match(error.message, /not an amount: "cheap"/);
});

test('the domain rules apply too: overlaps, discounts, zones, and not-JSON', () => {
  const file = JSON.parse(formatPricingFile(DEFAULT_PRICING));
  file.offPeakWindows[0].discountByModel['deepseek-r1'] = '1.5';
  assert.throws(() => parsePricingFile(JSON.stringify(file)), /discount must be between 0 and 1/);
  file.offPeakWindows[0].discountByModel['deepseek-r1'] = '0.75';
  file.offPeakWindows[0].timeZone = 'Nowhere/City';
  assert.throws(() => parsePricingFile(JSON.stringify(file)), /unknown time zone/);
  assert.throws(() => parsePricingFile('{'), /not JSON/);
  assert.throws(() => parsePricingFile(JSON.stringify({ ...file, extra: 1 })), /extra/);
});

test('electricity rates round-trip; a file written before them has none and still imports', () => {
  const withRates = { ...DEFAULT_PRICING, electricityRates: [{ usdPerKwh: '0.1234', effectiveFrom: Date.parse('2025-03-01T00:00:00Z'), effectiveTo: null }] };
  const text = formatPricingFile(withRates);
  assert.equal(formatPricingFile(parsePricingFile(text)), text);
  assert.deepEqual(JSON.parse(text).electricityRates, [{ usdPerKwh: '0.1234', effectiveFrom: '2025-03-01T00:00:00.000Z', effectiveTo: null }]);
  const { electricityRates: _rates, ...older } = JSON.parse(text);
  assert.equal(parsePricingFile(JSON.stringify(older)).electricityRates, undefined);
  const bad = { ...JSON.parse(text), electricityRates: [{ usdPerKwh: '0.1', effectiveFrom: '2025-03-01T00:00:30Z', effectiveTo: null }] };
  assert.throws(() => parsePricingFile(JSON.stringify(bad)), /whole minutes/);
  const negative = { ...JSON.parse(text), electricityRates: [{ usdPerKwh: '-1', effectiveFrom: '2025-03-01T00:00:00Z', effectiveTo: null }] };
  assert.throws(() => parsePricingFile(JSON.stringify(negative)), /negative rate/);
});
