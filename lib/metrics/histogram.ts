import { HIST_BINS_PER_DECADE } from '@/lib/db/ingest/rollups';

/** Weight in one fixed log-scale bin: bin b holds values in [10^(b/20), 10^((b+1)/20)). */
export interface WeightedBin {
  bin: number;
  weight: number;
}

/**
 * The q-quantile (0 < q < 1) of a fixed log-scale histogram, interpolated geometrically inside
 * the bin where the cumulative weight reaches q (DESIGN.md: percentiles from the same buckets
 * whether read from rollups or raw rows). Null for an empty histogram.
 */
export function histogramQuantile(bins: WeightedBin[], q: number): number | null {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be in (0, 1): ${q}`);
  const merged = new Map<number, number>();
  for (const { bin, weight } of bins) merged.set(bin, (merged.get(bin) ?? 0) + weight);
  const sorted = [...merged].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, weight]) => sum + weight, 0);
  if (!(total > 0)) return null;
  const target = q * total;
  let below = 0;
  for (const [bin, weight] of sorted) {
    if (weight > 0 && below + weight >= target) {
      const within = (target - below) / weight;
      return 10 ** ((bin + within) / HIST_BINS_PER_DECADE);
    }
    below += weight;
  }
  return 10 ** ((sorted.at(-1)![0] + 1) / HIST_BINS_PER_DECADE);
}
