import { Decimal, usd, type Amount } from '@/lib/finance/money';
import { assertEffectiveDates, edgesWithin, inForceAt, isInForce, type EffectiveDated } from '@/lib/finance/effective';
import { localTimeRangeCoverage, parseLocalTime, assertTimeZone, type LocalTimeRange } from '@/lib/time/localTime';
import { MINUTE_MS, type TimeWindow } from '@/lib/time/window';

/** USD per million tokens. */
export interface TokenPrices {
  cacheHitInput: Amount;
  cacheMissInput: Amount;
  output: Amount;
}

export interface PriceBook extends EffectiveDated {
  model: string;
  usdPerMillionTokens: TokenPrices;
}

/** A daily local-time window in which models are discounted (fraction off: 0.75 = 75% off). */
export interface OffPeakWindow extends LocalTimeRange, EffectiveDated {
  discountByModel: Record<string, Amount>;
}

export interface Pricing {
  priceBooks: PriceBook[];
  offPeakWindows: OffPeakWindow[];
  /** Request sources that pay (default: api, see docs/design.md); other and unknown sources are free. */
  billableSources: string[];
  /** Model whose price book values every token for theoretical revenue. */
  referenceModel: string;
}

/** Token counts (weighted counts may be fractional); cached ⊆ input. */
export interface TokenCounts {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

const MILLION = 1_000_000;

export function assertTokenCounts(tokens: TokenCounts): void {
  const { inputTokens, cachedTokens, outputTokens } = tokens;
  const valid = [inputTokens, cachedTokens, outputTokens].every((n) => Number.isFinite(n) && n >= 0);
  if (!valid || cachedTokens > inputTokens) {
    throw new RangeError(`token counts must be ≥ 0 with cached ≤ input: ${JSON.stringify(tokens)}`);
  }
}

/** cached × hit + (input − cached) × miss + output × output price, prices per million tokens. */
export function tokenRevenue(tokens: TokenCounts, prices: TokenPrices): Decimal {
  assertTokenCounts(tokens);
  const cached = new Decimal(tokens.cachedTokens);
  return cached
    .times(prices.cacheHitInput)
    .plus(new Decimal(tokens.inputTokens).minus(cached).times(prices.cacheMissInput))
    .plus(new Decimal(tokens.outputTokens).times(prices.output))
    .dividedBy(MILLION);
}

function assertWholeMinutes(item: EffectiveDated, what: string): void {
  for (const edge of [item.effectiveFrom, item.effectiveTo ?? 0]) {
    if (edge % MINUTE_MS !== 0) throw new RangeError(`${what}: effective dates must be whole minutes`);
  }
}

function assertFraction(value: Amount, what: string): void {
  const fraction = usd(value);
  if (fraction.isNegative() || fraction.greaterThan(1)) throw new RangeError(`${what}: discount must be between 0 and 1`);
}

/**
 * Throws a RangeError naming the first problem. Effective dates are whole minutes so that
 * per-minute usage buckets never straddle a price change.
 */
export function validatePricing(pricing: Pricing): void {
  for (const book of pricing.priceBooks) {
    const what = `price book ${book.model}`;
    if (!book.model) throw new RangeError('price book: model is required');
    for (const price of Object.values(book.usdPerMillionTokens)) {
      if (usd(price).isNegative()) throw new RangeError(`${what}: negative price`);
    }
    assertWholeMinutes(book, what);
  }
  assertEffectiveDates(pricing.priceBooks, (book) => book.model, 'price book');
  pricing.offPeakWindows.forEach((window, i) => {
    const what = `off-peak window ${i + 1} (${window.from}–${window.to} ${window.timeZone})`;
    parseLocalTime(window.from);
    parseLocalTime(window.to);
    if (window.from === window.to) throw new RangeError(`${what}: empty time range`);
    assertTimeZone(window.timeZone);
    assertWholeMinutes(window, what);
    for (const [model, discount] of Object.entries(window.discountByModel)) assertFraction(discount, `${what} ${model}`);
  });
  const windowName = (window: OffPeakWindow) => String(pricing.offPeakWindows.indexOf(window) + 1);
  assertEffectiveDates(pricing.offPeakWindows, windowName, 'off-peak window');
  if (!pricing.referenceModel) throw new RangeError('pricing: a reference model is required');
}

/** The model's price book in force over all of `bucket`; a bucket across a price change is an error. */
export function priceBookFor(pricing: Pricing, model: string | null, bucket: TimeWindow): PriceBook | null {
  if (model === null) return null;
  const books = pricing.priceBooks.filter((book) => book.model === model);
  if (edgesWithin(books, bucket.start, bucket.end).length) {
    throw new RangeError(`a usage bucket straddles a change of the ${model} price book: use minute buckets`);
  }
  return inForceAt(books, bucket.start);
}

/**
 * The discount (fraction off) for `model` on requests that arrived within `bucket`: from the
 * off-peak window in force whose local time range holds the bucket. A bucket across the edge
 * of an off-peak range cannot be priced (its arrivals are on both sides): use minute buckets.
 * Discounts of overlapping windows do not stack: the largest applies.
 */
export function offPeakDiscount(pricing: Pricing, model: string, bucket: TimeWindow): Decimal {
  let discount = new Decimal(0);
  for (const window of pricing.offPeakWindows) {
    if (!(model in window.discountByModel)) continue;
    if (edgesWithin([window], bucket.start, bucket.end).length) {
      throw new RangeError('a usage bucket straddles the start or end of an off-peak window: use minute buckets');
    }
    if (!isInForce(window, bucket.start)) continue;
    const coverage = localTimeRangeCoverage(bucket, window);
    if (coverage === 'mixed') {
      throw new RangeError(`a usage bucket straddles the off-peak edge ${window.from}/${window.to} ${window.timeZone}: use minute buckets`);
    }
    if (coverage === 'inside') discount = Decimal.max(discount, window.discountByModel[model]);
  }
  return discount;
}
