import { edgesWithin } from '@/lib/finance/effective';
import type { Pricing } from '@/lib/finance/priceBook';
import { cutSteps, gridSteps, singleStep, type Steps } from '@/lib/metrics/steps';
import { dayStartsWithin } from '@/lib/time/day';
import { localTimeRangeCoverage } from '@/lib/time/localTime';
import { MINUTE_MS, type TimeWindow } from '@/lib/time/window';

/**
 * Steps to price requests in: the window cut only where a price or a discount can change — price
 * books (every model's) and off-peak windows taking effect, and each off-peak window's local start
 * and end on every day — so each step prices as each of its minutes does: two steps a day under
 * DeepSeek's 16:30–00:30 discount against the 30-minute grid's 48, and the whole hours inside them
 * read from the hour rollups. The grid of `grainMs` instead when a step would still straddle an
 * off-peak edge (a local time a clock change skips) or a change falls inside a minute.
 */
export function pricingSteps(pricing: Pricing, window: TimeWindow, grainMs: number): Steps {
  const cuts = edgesWithin([...pricing.priceBooks, ...pricing.offPeakWindows], window.start, window.end);
  for (const w of pricing.offPeakWindows) for (const local of [w.from, w.to]) cuts.push(...dayStartsWithin(window, w.timeZone, local));
  if (cuts.some((t) => t % MINUTE_MS !== 0)) return gridSteps(window, grainMs);
  const steps = cutSteps(singleStep(window), cuts);
  const windows = steps.edges.slice(1).map((end, i) => ({ start: steps.edges[i], end }));
  const uniform = pricing.offPeakWindows.every((w) => windows.every((s) => localTimeRangeCoverage(s, w) !== 'mixed'));
  return uniform ? steps : gridSteps(window, grainMs);
}
