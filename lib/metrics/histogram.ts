/**
 * Fixed log-scale histograms for request distributions (docs/design.md: the same buckets whether
 * computed from rollups or raw rows): 20 bins per decade, bin b covering [10^(b/20), 10^((b+1)/20)).
 */
export const HIST_BINS_PER_DECADE = 20;
export const HIST_MIN_BIN = -40; // 0.01
export const HIST_MAX_BIN = 140; // 10^7
// kvLength: the KV-cache length each output token sees (weight: weighted output tokens).
export const HIST_METRIC = { ttftMs: 1, outputSpeed: 2, kvLength: 3 } as const;
export type HistogramMetric = keyof typeof HIST_METRIC;

/** The bin of a positive value, clamped to the range; null for values ≤ 0 (not binned). */
export function histogramBin(value: number): number | null {
  if (!(value > 0)) return null;
  const bin = Math.floor(HIST_BINS_PER_DECADE * Math.log10(value));
  return Math.max(HIST_MIN_BIN, Math.min(HIST_MAX_BIN, bin));
}

/** A bin's representative value: its geometric midpoint. */
export const binMidpoint = (bin: number) => 10 ** ((bin + 0.5) / HIST_BINS_PER_DECADE);

/** The p-quantile (0 < p ≤ 1) of weighted bins, as the midpoint of the bin that reaches it; null when empty. */
export function histogramQuantile(bins: { bin: number; weight: number }[], p: number): number | null {
  const sorted = [...bins].sort((a, b) => a.bin - b.bin);
  const total = sorted.reduce((s, b) => s + b.weight, 0);
  if (!(total > 0)) return null;
  let seen = 0;
  for (const b of sorted) {
    seen += b.weight;
    if (seen >= p * total) return binMidpoint(b.bin);
  }
  return binMidpoint(sorted[sorted.length - 1].bin);
}
