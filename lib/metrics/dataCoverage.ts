import { HOUR_MS, type TimeWindow } from '@/lib/time/window';

/**
 * How much of a window has telemetry (docs/design.md "Data coverage and absent measurements"): the part of the window
 * inside hours that hold any GPU counters or requests. Hours are the grain because a GPU sample
 * may cover up to an hour; a window with no data has share 0, never "100% of nothing".
 */
export interface DataCoverage {
  /** Covered ÷ window length, 0–1. */
  share: number;
  coveredMs: number;
  windowMs: number;
}

/** At or above this share a window counts as complete (a live window's current minute is still arriving). */
export const COMPLETE_SHARE = 0.999;

export function dataCoverage(dataHours: readonly number[], window: TimeWindow): DataCoverage {
  const windowMs = Math.max(0, window.end - window.start);
  let coveredMs = 0;
  for (const hour of dataHours) coveredMs += Math.max(0, Math.min(hour + HOUR_MS, window.end) - Math.max(hour, window.start));
  return { share: windowMs === 0 ? 0 : coveredMs / windowMs, coveredMs, windowMs };
}

export const isComplete = (c: DataCoverage) => c.share >= COMPLETE_SHARE;
export const isPartial = (c: DataCoverage) => c.share > 0 && !isComplete(c);

/** The covered share as a percentage: whole percents, two decimals below 1%. */
export const sharePercent = (c: DataCoverage) => `${(c.share * 100).toFixed(c.share > 0 && c.share < 0.01 ? 2 : 0)}%`;

/** "20 h of 24 h (83%)": a coverage as a person reads it. */
export function coverageText(c: DataCoverage): string {
  const hours = (ms: number) => {
    const h = ms / HOUR_MS;
    return h >= 48 && Number.isInteger(h / 24) ? `${h / 24} d` : `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
  };
  return `${hours(c.coveredMs)} of ${hours(c.windowMs)} (${sharePercent(c)})`;
}
