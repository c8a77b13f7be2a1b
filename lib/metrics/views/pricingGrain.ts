import { tzOffset } from '@date-fns/tz';
import { edgesWithin } from '@/lib/finance/effective';
import type { Pricing } from '@/lib/finance/priceBook';
import { parseLocalTime } from '@/lib/time/localTime';
import { HOUR_MS, MINUTE_MS, type TimeWindow } from '@/lib/time/window';

const GRAINS_MIN = [60, 30, 15, 5, 1];

/**
 * The coarsest UTC grid (minutes) on which every pricing edge inside the window falls: price
 * books taking effect, and off-peak windows starting or ending (local times, in every UTC offset
 * their zone has during the window). Request tokens summed per such bucket price exactly as per
 * minute: no price or discount changes inside a bucket.
 */
export function pricingGrainMinutes(pricing: Pricing, window: TimeWindow): number {
  const instants = edgesWithin([...pricing.priceBooks, ...pricing.offPeakWindows], window.start, window.end);
  const localEdges: number[] = [];
  for (const w of pricing.offPeakWindows) {
    const offsets = new Set<number>();
    for (let t = window.start; t < window.end + HOUR_MS; t += HOUR_MS) offsets.add(tzOffset(w.timeZone, new Date(Math.min(t, window.end))));
    for (const local of [parseLocalTime(w.from), parseLocalTime(w.to)]) for (const offset of offsets) localEdges.push(local - offset);
  }
  const fits = (grain: number) =>
    instants.every((t) => t % (grain * MINUTE_MS) === 0) && localEdges.every((m) => ((m % grain) + grain) % grain === 0);
  return GRAINS_MIN.find(fits) ?? 1;
}
