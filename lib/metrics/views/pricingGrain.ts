import { tzOffset } from '@date-fns/tz';
import { edgesWithin } from '@/lib/finance/effective';
import type { Pricing } from '@/lib/finance/priceBook';
import { parseLocalTime } from '@/lib/time/localTime';
import { HOUR_MS, MINUTE_MS, type TimeWindow } from '@/lib/time/window';

const GRAINS_MIN = [60, 30, 15, 5, 1];

// A zone keeps an offset for months, never less than 6 hours since 2000: probing every hour made
// a ten-year window cost 87,600 offset look-ups per off-peak window.
const OFFSET_PROBE_MS = 6 * HOUR_MS;

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
    for (let t = window.start; t < window.end + OFFSET_PROBE_MS; t += OFFSET_PROBE_MS) offsets.add(tzOffset(w.timeZone, new Date(Math.min(t, window.end))));
    for (const local of [parseLocalTime(w.from), parseLocalTime(w.to)]) for (const offset of offsets) localEdges.push(local - offset);
  }
  const fits = (grain: number) =>
    instants.every((t) => t % (grain * MINUTE_MS) === 0) && localEdges.every((m) => ((m % grain) + grain) % grain === 0);
  return GRAINS_MIN.find(fits) ?? 1;
}
