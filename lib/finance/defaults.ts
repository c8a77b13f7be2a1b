import type { ElectricityRate } from '@/lib/finance/electricity';
import type { GpuRate } from '@/lib/finance/rateCard';
import type { Pricing } from '@/lib/finance/priceBook';

/** DeepSeek switched its off-peak discount on at 16:30 UTC on 26 February 2025. */
const OFF_PEAK_SINCE = Date.parse('2025-02-26T16:30:00Z');

/**
 * The seeded pricing: DeepSeek's published figures (docs/design.md "Finance and reports"). The H800 rate is
 * DeepSeek's own costing assumption and the list prices those of February 2025; both are
 * seeded as always in force (effective from the epoch) so that older traces are priced too.
 * Amounts are decimal strings, exact. No electricity rate is seeded: DeepSeek's costing has none,
 * and energy without a rate shows as unpriced, never as $0.
 */
export const DEFAULT_PRICING: Pricing & { rateCards: GpuRate[]; electricityRates: ElectricityRate[] } = {
  rateCards: [{ gpuType: 'H800', usdPerGpuHour: '2.00', effectiveFrom: 0, effectiveTo: null }],
  electricityRates: [],
  priceBooks: [
    {
      model: 'deepseek-r1',
      usdPerMillionTokens: { cacheHitInput: '0.14', cacheMissInput: '0.55', output: '2.19' },
      effectiveFrom: 0,
      effectiveTo: null,
    },
    {
      model: 'deepseek-v3',
      usdPerMillionTokens: { cacheHitInput: '0.07', cacheMissInput: '0.27', output: '1.10' },
      effectiveFrom: 0,
      effectiveTo: null,
    },
  ],
  offPeakWindows: [
    {
      from: '00:30',
      to: '08:30',
      timeZone: 'Asia/Shanghai',
      discountByModel: { 'deepseek-r1': '0.75', 'deepseek-v3': '0.50' },
      effectiveFrom: OFF_PEAK_SINCE,
      effectiveTo: null,
    },
  ],
  billableSources: ['api'],
  referenceModel: 'deepseek-r1',
};
