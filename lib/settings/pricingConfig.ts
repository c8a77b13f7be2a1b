import { validateElectricityRates, type ElectricityRate } from '@/lib/finance/electricity';
import type { GpuRate } from '@/lib/finance/rateCard';
import { validateRateCards } from '@/lib/finance/rateCard';
import { validatePricing, type Pricing } from '@/lib/finance/priceBook';

/** Everything that prices a day: GPU rate cards, electricity rates, price books, off-peak
 *  windows, billable sources and the reference model (the shape of DEFAULT_PRICING and of the
 *  pricing JSON file). */
export type PricingConfig = Pricing & { rateCards: GpuRate[]; electricityRates: ElectricityRate[] };

/** Throws a RangeError naming the first problem. */
export function validatePricingConfig(config: PricingConfig): void {
  validateRateCards(config.rateCards);
  validateElectricityRates(config.electricityRates);
  validatePricing(config);
  for (const source of config.billableSources) {
    if (!source.trim()) throw new RangeError('billable sources: a source name is empty');
  }
}
