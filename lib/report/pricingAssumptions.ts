import type { EffectiveDated } from '@/lib/finance/effective';
import { usd, type Amount } from '@/lib/finance/money';
import type { PricingConfig } from '@/lib/settings/pricingConfig';
import type { TimeWindow } from '@/lib/time/window';
import type { InForce, PricingAssumptions } from './types';

const overlaps = (item: EffectiveDated, window: TimeWindow) => item.effectiveFrom < window.end && (item.effectiveTo === null || item.effectiveTo > window.start);
const span = (item: EffectiveDated): InForce => ({
  from: new Date(item.effectiveFrom).toISOString(),
  to: item.effectiveTo === null ? null : new Date(item.effectiveTo).toISOString(),
});
const text = (amount: Amount) => usd(amount).toString();

/** The pricing entries in force at some point of the window, as the report prints them. */
export function pricingAssumptions(pricing: PricingConfig, window: TimeWindow): PricingAssumptions {
  const inDay = <T extends EffectiveDated>(items: T[]) => items.filter((item) => overlaps(item, window)).sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  return {
    gpuRates: inDay(pricing.rateCards).map((r) => ({ gpuType: r.gpuType, usdPerGpuHour: text(r.usdPerGpuHour), ...span(r) })),
    electricityRates: inDay(pricing.electricityRates).map((r) => ({ usdPerKwh: text(r.usdPerKwh), ...span(r) })),
    priceBooks: inDay(pricing.priceBooks).map((b) => ({
      model: b.model,
      cacheHitInput: text(b.usdPerMillionTokens.cacheHitInput),
      cacheMissInput: text(b.usdPerMillionTokens.cacheMissInput),
      output: text(b.usdPerMillionTokens.output),
      ...span(b),
    })),
    offPeakWindows: inDay(pricing.offPeakWindows).map((w) => ({
      localFrom: w.from, localTo: w.to, timeZone: w.timeZone,
      discountByModel: Object.fromEntries(Object.entries(w.discountByModel).map(([model, d]) => [model, text(d)])),
      ...span(w),
    })),
    billableSources: pricing.billableSources,
    referenceModel: pricing.referenceModel,
  };
}
