import type { TokenBucket } from '@/lib/finance/revenue';
import type { TokenCounts } from '@/lib/finance/priceBook';
import type { CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import type { RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import { ratio } from '@/lib/metrics/figure';

/** Counters are complete when the GPU-seconds that carried token counters reach this share of
 *  the serving GPU-seconds (a float tolerance, not a sampling allowance). */
export const COUNTERS_COMPLETE_AT = 0.999;

export type TokenSource = 'counters' | 'requests';

export interface FleetTokens extends TokenCounts {
  source: TokenSource;
  /** Weighted request tokens ÷ counter tokens (input + output); null without counter tokens. */
  coverage: number | null;
  /** GPU-seconds with counters ÷ serving GPU-seconds from node intervals. */
  counterCompleteness: number | null;
  fromCounters: TokenCounts;
  fromRequests: TokenCounts;
}

const zero = (): TokenCounts => ({ inputTokens: 0, cachedTokens: 0, outputTokens: 0 });

function addInto(into: TokenCounts, from: TokenCounts): TokenCounts {
  into.inputTokens += from.inputTokens;
  into.cachedTokens += from.cachedTokens;
  into.outputTokens += from.outputTokens;
  return into;
}

export const sumTokens = (rows: TokenCounts[]): TokenCounts => rows.reduce(addInto, zero());

/**
 * Token totals (docs/design.md): from GPU counters when every serving node reported them across the
 * window — counter completeness = GPU-seconds with counters ÷ serving GPU-seconds — else from
 * request rows weighted by sample_weight.
 */
export function fleetTokens(counters: CounterTotals[], requests: RequestAggregate[], servingGpuSeconds: number): FleetTokens {
  const fromCounters = sumTokens(counters);
  const fromRequests = sumTokens(requests);
  const tokenSeconds = counters.reduce((sum, c) => sum + c.tokenSeconds, 0);
  const counterCompleteness = ratio(tokenSeconds, servingGpuSeconds);
  const source: TokenSource = counterCompleteness !== null && counterCompleteness >= COUNTERS_COMPLETE_AT ? 'counters' : 'requests';
  const coverage = ratio(fromRequests.inputTokens + fromRequests.outputTokens, fromCounters.inputTokens + fromCounters.outputTokens);
  return { ...(source === 'counters' ? fromCounters : fromRequests), source, coverage, counterCompleteness, fromCounters, fromRequests };
}

/** Token totals per `at` step (the minute buckets revenue is priced in) from the chosen source. */
export function tokenBuckets(source: TokenSource, counters: CounterTotals[], requests: RequestAggregate[], stepMs: number): TokenBucket[] {
  const byStep = new Map<number, TokenCounts>();
  for (const row of source === 'counters' ? counters : requests) {
    byStep.set(row.at, addInto(byStep.get(row.at) ?? zero(), row));
  }
  return [...byStep]
    .sort((a, b) => a[0] - b[0])
    .map(([at, tokens]) => ({ start: at, end: at + stepMs, ...tokens }));
}
