import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import { pricingAssumptions } from './pricingAssumptions';

const day = { start: Date.parse('2025-02-27T04:00:00Z'), end: Date.parse('2025-02-28T04:00:00Z') };
const NOON = Date.parse('2025-02-27T12:00:00Z');

test('the assumptions are the entries in force at some point of the day, amounts as exact decimals', () => {
  const pricing: PricingConfig = {
    ...DEFAULT_PRICING,
    rateCards: [
      { gpuType: 'H800', usdPerGpuHour: '2.00', effectiveFrom: 0, effectiveTo: NOON },
      { gpuType: 'H800', usdPerGpuHour: '2.50', effectiveFrom: NOON, effectiveTo: null },
      { gpuType: 'H100', usdPerGpuHour: '3', effectiveFrom: 0, effectiveTo: day.start }, // ended as the day began
    ],
    electricityRates: [{ usdPerKwh: '0.085', effectiveFrom: day.end, effectiveTo: null }], // starts as the day ends
  };
  const a = pricingAssumptions(pricing, day);
  assert.deepEqual(a.gpuRates, [
    { gpuType: 'H800', usdPerGpuHour: '2', from: '1970-01-01T00:00:00.000Z', to: '2025-02-27T12:00:00.000Z' },
    { gpuType: 'H800', usdPerGpuHour: '2.5', from: '2025-02-27T12:00:00.000Z', to: null },
  ]);
  assert.deepEqual(a.electricityRates, []);
  assert.deepEqual(a.priceBooks.map((b) => [b.model, b.cacheHitInput, b.cacheMissInput, b.output]), [
    ['deepseek-r1', '0.14', '0.55', '2.19'], ['deepseek-v3', '0.07', '0.27', '1.1'],
  ]);
  assert.deepEqual(a.offPeakWindows, [{
    localFrom: '00:30', localTo: '08:30', timeZone: 'Asia/Shanghai', discountByModel: { 'deepseek-r1': '0.75', 'deepseek-v3': '0.5' },
    from: '2025-02-26T16:30:00.000Z', to: null,
  }]);
  assert.deepEqual([a.billableSources, a.referenceModel], [['api'], 'deepseek-r1']);
});
