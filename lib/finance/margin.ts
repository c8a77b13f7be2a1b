import type { Decimal } from '@/lib/finance/money';

/** Cost profit margin (docs/design.md "Revenue and margin") as a fraction: (revenue − cost) ÷ cost, 5.45 = 545%.
 *  Null when nothing was spent, where a margin has no meaning. */
export function costProfitMargin(revenue: Decimal, cost: Decimal): Decimal | null {
  if (cost.isZero()) return null;
  return revenue.minus(cost).dividedBy(cost);
}
