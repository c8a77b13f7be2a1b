import DecimalJs from 'decimal.js';

/**
 * Exact money (docs/design.md: never accumulated floats). 40 significant digits keep sums of
 * fleet-sized products (tokens × price, GPU-milliseconds × rate) exact well past the cent;
 * the only inexact step is a division by a unit (per million tokens, per hour), done once per
 * figure and far below a cent.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = DecimalJs;

/** What configuration and callers may hand over as an amount: a decimal string is exact. */
export type Amount = DecimalJs.Value;

export const ZERO = new Decimal(0);

export function usd(amount: Amount): Decimal {
  const value = new Decimal(amount);
  if (!value.isFinite()) throw new RangeError(`not an amount: ${String(amount)}`);
  return value;
}

export function sum(amounts: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const amount of amounts) total = total.plus(amount);
  return total;
}

/** A figure shown to the cent: rounded half-up (half a cent away from zero), once. */
export function roundCents(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
}

/** A rounded figure as a JSON number of dollars (exact to the cent as decimal text). */
export function centsNumber(amount: Decimal): number {
  return roundCents(amount).toNumber();
}

/**
 * Rounds the parts of a total (e.g. a day's hourly costs) to cents so that the rounded parts
 * add up exactly to the total rounded half-up once.
 *
 * Rounding each hour on its own can leave the rows a cent or two off the day. So the day is
 * rounded half-up once, every hour is rounded down to the cent, and the cents still missing
 * (between 0 and the number of hours) go one each to the hours with the largest remainders
 * (largest-remainder apportionment; equal remainders go to the earlier hour). Each hour then
 * shows its exact value rounded down or up, never further off than a cent.
 */
export function apportionCents(parts: Decimal[]): { parts: Decimal[]; total: Decimal } {
  const total = roundCents(sum(parts));
  const floors = parts.map((part) => part.toDecimalPlaces(2, DecimalJs.ROUND_FLOOR));
  let missingCents = total.minus(sum(floors)).times(100).toNumber();
  const byRemainder = parts
    .map((part, i) => ({ i, remainder: part.minus(floors[i]) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  const rounded = floors.slice();
  for (const { i } of byRemainder) {
    if (missingCents <= 0) break;
    rounded[i] = rounded[i].plus('0.01');
    missingCents -= 1;
  }
  return { parts: rounded, total };
}
