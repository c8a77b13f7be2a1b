import { costProfitMargin } from '@/lib/finance/margin';
import { Decimal, centsNumber } from '@/lib/finance/money';

/** What the what-if panel starts from: one day's figures (as in the daily report). */
export interface WhatIfBase {
  hourly: { hours: number; nodes: number }[];
  gpusPerNode: number;
  usdPerGpuHour: string;
  tokens: { input: number; cached: number; output: number };
  /** Reference price book, USD per million tokens. */
  prices: { cacheHitInput: string; cacheMissInput: string; output: string };
  theoreticalRevenue: number;
  actualRevenue: number;
}

export interface WhatIfInput {
  usdPerGpuHour: string;
  prices: { cacheHitInput: string; cacheMissInput: string; output: string };
  cacheHitRatio: number;
  /** Nodes in service in the hours the fleet scaled down (below the day's peak); null: as observed. */
  nightNodes: number | null;
}

export interface WhatIfResult {
  cost: number;
  theoreticalRevenue: number;
  actualRevenue: number;
  theoreticalMargin: number | null;
  actualMargin: number | null;
}

function tokenValue(tokens: { input: number; cached: number; output: number }, prices: WhatIfInput['prices']): Decimal {
  const cached = new Decimal(tokens.cached);
  return cached.times(prices.cacheHitInput)
    .plus(new Decimal(tokens.input).minus(cached).times(prices.cacheMissInput))
    .plus(new Decimal(tokens.output).times(prices.output))
    .dividedBy(1_000_000);
}

/**
 * The day re-priced under other assumptions. Demand (input and output tokens) stays as observed;
 * cost = Σ hours × nodes × GPUs per node × rate, with `nightNodes` in the scaled-down hours;
 * theoretical revenue = the tokens, split by the new cache-hit ratio, at the new prices; actual
 * revenue moves in proportion to theoretical (the same mix of models, sources and discounts).
 */
export function whatIf(base: WhatIfBase, input: WhatIfInput): WhatIfResult {
  const peak = Math.max(0, ...base.hourly.map((h) => h.nodes));
  const nodeHours = base.hourly.reduce((sum, h) => sum.plus(new Decimal(h.hours).times(input.nightNodes !== null && h.nodes < peak ? input.nightNodes : h.nodes)), new Decimal(0));
  const cost = nodeHours.times(base.gpusPerNode).times(input.usdPerGpuHour);
  const ratio = Math.min(1, Math.max(0, input.cacheHitRatio));
  const theoretical = tokenValue({ ...base.tokens, cached: Math.round(base.tokens.input * ratio) }, input.prices);
  const actual = base.theoreticalRevenue === 0 ? new Decimal(0) : theoretical.times(base.actualRevenue).dividedBy(base.theoreticalRevenue);
  const margin = (revenue: Decimal) => {
    const m = costProfitMargin(revenue, cost);
    return m === null ? null : Math.round(m.toNumber() * 10_000) / 10_000;
  };
  return {
    cost: centsNumber(cost),
    theoreticalRevenue: centsNumber(theoretical),
    actualRevenue: centsNumber(actual),
    theoreticalMargin: margin(theoretical),
    actualMargin: margin(actual),
  };
}
