import { ROLES } from '@/lib/ingest/records';
import { judgedServingGpuSeconds } from '@/lib/metrics/occupancy';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { CounterStep, RequestStep } from '@/lib/metrics/rows';
import type { Steps } from '@/lib/metrics/steps';
import { fleetTokens, type FleetTokens } from '@/lib/metrics/tokens';
import { byStep, counterTotals, requestAggregates, sumOf } from './common';

/** The nodes asked for (all when none). */
export const onlyNodes = (intervals: NodeInterval[], nodes?: string[]) => (nodes?.length ? intervals.filter((i) => nodes.includes(i.node)) : intervals);

/**
 * Token totals of the window from counters when complete, else weighted requests (docs/design.md),
 * with coverage. Counters carry no model: narrowed to a model, tokens come from requests. In a
 * window that runs past the newest data (`dataThrough`: a live range), nodes still serve up to
 * its end, but counters arrive a scrape and a settle time behind: completeness is judged over
 * the part of the window the data has reached.
 */
export function windowTokens(counters: CounterStep[], requests: RequestStep[], intervals: NodeInterval[], steps: Steps, model?: string, dataThrough?: number): FleetTokens {
  const totals = model ? [] : counterTotals(counters, steps);
  const servingGpuSeconds = judgedServingGpuSeconds(intervals, steps.window, dataThrough, totals.reduce((sum, c) => sum + c.tokenSeconds, 0));
  return fleetTokens(totals, requestAggregates(requests, steps), servingGpuSeconds);
}

export interface StepTokens {
  input: number;
  cached: number;
  output: number;
}

/** Tokens per step from the window's source. Counters: input and cached from prefill GPUs, output from decode GPUs (all roles summed). */
export function tokensByStep(source: FleetTokens['source'], counters: CounterStep[], requests: RequestStep[], steps: Steps): StepTokens[] {
  const rows = source === 'counters' ? byStep(counters, steps) : byStep(requests, steps);
  return rows.map((step: (CounterStep | RequestStep)[]) => ({
    input: sumOf(step, (r) => r.inputTokens),
    cached: sumOf(step, (r) => r.cachedTokens),
    output: sumOf(step, (r) => r.outputTokens),
  }));
}

export const SERVING_ROLES = ROLES;
