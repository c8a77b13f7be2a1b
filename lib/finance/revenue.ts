import { Decimal, ZERO } from '@/lib/finance/money';
import {
  assertTokenCounts,
  offPeakDiscount,
  priceBookFor,
  tokenRevenue,
  validatePricing,
  type PriceBook,
  type Pricing,
  type TokenCounts,
} from '@/lib/finance/priceBook';
import { HOUR_MS, hourIndex, hourlySteps, type TimeWindow } from '@/lib/time/window';

/** Token totals over [start, end): a rollup bucket (minute or hour) or a counter interval. */
export interface TokenBucket extends TokenCounts, TimeWindow {}

/** Weighted request tokens that arrived in [start, end), for one model and source. */
export interface UsageBucket extends TokenBucket {
  model: string | null;
  source: string | null;
}

/** Money exact (round when shown). Tokens with no price book in force are counted, never $0. */
export interface Revenue {
  revenue: Decimal;
  unpricedTokens: TokenCounts;
}

/**
 * Why actual revenue is below the same requests' tokens at the reference price book, in this
 * order: free traffic (non-billable sources, at the reference price); then, of billable tokens,
 * those of models with no price book (at the reference price, shown as unpriced), the model's
 * own list price below the reference (model price difference; negative when it is dearer), and
 * the off-peak discount off that list price. Tokens arriving while no reference price book is
 * in force have no reference value and count in none of the parts.
 */
export interface RevenueShortfall {
  freeTraffic: Decimal;
  unpricedModels: Decimal;
  modelPrice: Decimal;
  offPeakDiscount: Decimal;
}

export interface ActualRevenue extends Revenue, RevenueShortfall {
  /** The requests' tokens at the reference price book. */
  referenceValue: Decimal;
  byModel: Map<string | null, Decimal>;
  bySource: Map<string | null, Decimal>;
  /** By usageKey(model, source); null where some of that usage had no price book (unpriced). */
  byModelAndSource: Map<string, Decimal | null>;
}

export interface RevenueReport<T extends Revenue> {
  window: TimeWindow;
  total: T;
  hours: (T & TimeWindow)[];
}

/** Theoretical − actual revenue, explained: the shortfall's parts plus what the requests do not
 *  cover (counter tokens the weighted requests miss, at the reference price). Parts sum to gap. */
export interface RevenueGap extends RevenueShortfall {
  gap: Decimal;
  uncovered: Decimal;
}

const noTokens = (): TokenCounts => ({ inputTokens: 0, cachedTokens: 0, outputTokens: 0 });

function addTokens(into: TokenCounts, tokens: TokenCounts): void {
  into.inputTokens += tokens.inputTokens;
  into.cachedTokens += tokens.cachedTokens;
  into.outputTokens += tokens.outputTokens;
}

function addTo<K>(map: Map<K, Decimal>, key: K, amount: Decimal): void {
  map.set(key, (map.get(key) ?? ZERO).plus(amount));
}

/** The hour of `window` that holds all of `bucket`. */
function hourOf(window: TimeWindow, bucket: TimeWindow): number {
  const hour = hourIndex(window, bucket.start);
  const hourEnd = Math.min(window.start + (hour + 1) * HOUR_MS, window.end);
  if (hour < 0 || !(bucket.end > bucket.start) || bucket.end > hourEnd) {
    const span = `[${new Date(bucket.start).toISOString()}, ${new Date(bucket.end).toISOString()})`;
    throw new RangeError(`bucket ${span} is not inside one hour of the window: use minute buckets`);
  }
  return hour;
}

/**
 * Adds each bucket to its hour of the window and to the total. Buckets of one hour with the same
 * `priceKey` price alike (same price books, discount, model and source), and pricing is linear in
 * tokens, so their tokens are summed first and priced once (as the first of them): a day of
 * minute buckets costs one exact multiplication per group, not per minute. With `hourly` false
 * the groups and their order are the same, so is the total, and `hours` is empty: the work
 * grows with the buckets of data, not with the window's hours.
 */
function perHour<T extends Revenue, B extends TokenBucket>(
  window: TimeWindow,
  buckets: B[],
  empty: () => T,
  add: (bucket: B) => (into: T) => void,
  priceKey: (bucket: B) => string,
  hourly: boolean,
): RevenueReport<T> {
  const steps = hourly ? hourlySteps(window) : [];
  const hours = steps.map(empty);
  const total = empty();
  const groups = new Map<string, { hour: number; bucket: B }>();
  for (const bucket of buckets) {
    assertTokenCounts(bucket);
    const hour = hourOf(window, bucket);
    const key = `${hour}|${priceKey(bucket)}`;
    const group = groups.get(key);
    if (group) addTokens(group.bucket, bucket);
    else groups.set(key, { hour, bucket: { ...bucket } });
  }
  for (const { hour, bucket } of groups.values()) {
    const addBucket = add(bucket);
    if (hourly) addBucket(hours[hour]);
    addBucket(total);
  }
  return { window, total, hours: steps.map((step, i) => ({ ...hours[i], ...step })) };
}

/** Theoretical revenue (docs/design.md): every token at the reference model's price book. */
export function theoreticalRevenue(buckets: TokenBucket[], pricing: Pricing, window: TimeWindow, hourly = true): RevenueReport<Revenue> {
  validatePricing(pricing);
  const empty = (): Revenue => ({ revenue: ZERO, unpricedTokens: noTokens() });
  const bookIndex = (bucket: TokenBucket) => String(pricing.priceBooks.indexOf(priceBookFor(pricing, pricing.referenceModel, bucket) as PriceBook));
  const add = (bucket: TokenBucket) => {
    const book = priceBookFor(pricing, pricing.referenceModel, bucket);
    const value = book && tokenRevenue(bucket, book.usdPerMillionTokens);
    return (into: Revenue) => {
      if (value) into.revenue = into.revenue.plus(value);
      else addTokens(into.unpricedTokens, bucket);
    };
  };
  return perHour(window, buckets, empty, add, bookIndex, hourly);
}

interface BucketRevenue extends RevenueShortfall {
  revenue: Decimal;
  referenceValue: Decimal;
  unpriced: boolean;
}

function priceUsage(bucket: UsageBucket, pricing: Pricing): BucketRevenue {
  const reference = priceBookFor(pricing, pricing.referenceModel, bucket);
  const referenceValue = reference ? tokenRevenue(bucket, reference.usdPerMillionTokens) : ZERO;
  const result: BucketRevenue = {
    revenue: ZERO,
    referenceValue,
    unpriced: false,
    freeTraffic: ZERO,
    unpricedModels: ZERO,
    modelPrice: ZERO,
    offPeakDiscount: ZERO,
  };
  if (bucket.source === null || !pricing.billableSources.includes(bucket.source)) {
    return { ...result, freeTraffic: referenceValue };
  }
  const own = priceBookFor(pricing, bucket.model, bucket);
  if (!own || bucket.model === null) return { ...result, unpriced: true, unpricedModels: referenceValue };
  const listValue = tokenRevenue(bucket, own.usdPerMillionTokens);
  const discount = listValue.times(offPeakDiscount(pricing, bucket.model, bucket));
  return {
    ...result,
    revenue: listValue.minus(discount),
    modelPrice: reference ? referenceValue.minus(listValue) : ZERO,
    offPeakDiscount: reference ? discount : ZERO,
  };
}

/**
 * Actual revenue (docs/design.md): weighted request tokens at their own model's price book,
 * billable sources only, less the off-peak discount in force where they arrived; with the
 * shortfall against the reference price book and breakdowns by model and source.
 */
export function actualRevenue(buckets: UsageBucket[], pricing: Pricing, window: TimeWindow, hourly = true): RevenueReport<ActualRevenue> {
  validatePricing(pricing);
  const empty = (): ActualRevenue => ({
    revenue: ZERO,
    unpricedTokens: noTokens(),
    referenceValue: ZERO,
    freeTraffic: ZERO,
    unpricedModels: ZERO,
    modelPrice: ZERO,
    offPeakDiscount: ZERO,
    byModel: new Map(),
    bySource: new Map(),
    byModelAndSource: new Map(),
  });
  return perHour(window, buckets, empty, (bucket) => {
    const priced = priceUsage(bucket, pricing);
    return (into) => {
      into.revenue = into.revenue.plus(priced.revenue);
      into.referenceValue = into.referenceValue.plus(priced.referenceValue);
      into.freeTraffic = into.freeTraffic.plus(priced.freeTraffic);
      into.unpricedModels = into.unpricedModels.plus(priced.unpricedModels);
      into.modelPrice = into.modelPrice.plus(priced.modelPrice);
      into.offPeakDiscount = into.offPeakDiscount.plus(priced.offPeakDiscount);
      const key = usageKey(bucket.model, bucket.source);
      const sofar = into.byModelAndSource.get(key);
      into.byModelAndSource.set(key, priced.unpriced || sofar === null ? null : (sofar ?? ZERO).plus(priced.revenue));
      if (priced.unpriced) addTokens(into.unpricedTokens, bucket);
      else {
        addTo(into.byModel, bucket.model, priced.revenue);
        addTo(into.bySource, bucket.source, priced.revenue);
      }
    };
  }, (bucket) => usagePriceKey(bucket, pricing), hourly);
}

/** What decides a usage bucket's price: model, source, the price books and discount in force. */
function usagePriceKey(bucket: UsageBucket, pricing: Pricing): string {
  const index = (book: PriceBook | null) => pricing.priceBooks.indexOf(book as PriceBook);
  const reference = index(priceBookFor(pricing, pricing.referenceModel, bucket));
  const billable = bucket.source !== null && pricing.billableSources.includes(bucket.source);
  const own = billable ? priceBookFor(pricing, bucket.model, bucket) : null;
  const discount = own && bucket.model !== null ? offPeakDiscount(pricing, bucket.model, bucket).toString() : '';
  return JSON.stringify([bucket.model, bucket.source, reference, index(own), discount]);
}

/** The key of a model × source pair in ActualRevenue.byModelAndSource. */
export const usageKey = (model: string | null, source: string | null) => JSON.stringify([model, source]);

export function explainRevenueGap(theoretical: Decimal, actual: ActualRevenue): RevenueGap {
  const gap = theoretical.minus(actual.revenue);
  const { freeTraffic, unpricedModels, modelPrice, offPeakDiscount } = actual;
  const explained = freeTraffic.plus(unpricedModels).plus(modelPrice).plus(offPeakDiscount);
  return { gap, uncovered: gap.minus(explained), freeTraffic, unpricedModels, modelPrice, offPeakDiscount };
}
