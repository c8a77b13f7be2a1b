import { HOUR_MS } from './rollupMath';
import type { AffectedHours } from './table';

export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

export const noAffectedHours = (): AffectedHours => ({ requestHours: new Set(), nodeHours: new Set(), expertHours: new Set() });

/** Marks every hour a sample's interval [ts − interval_s, ts) overlaps on its node. */
export function markSampleHours(affected: AffectedHours, nodeId: number, ts: number, intervalS: number): void {
  for (let h = hourOf(ts - intervalS * 1000); h < ts; h += HOUR_MS) affected.nodeHours.add(`${nodeId}|${h}`);
}

/** Marks every hour an expert load's interval [ts − interval_s, ts) overlaps. */
export function markExpertHours(affected: AffectedHours, ts: number, intervalS: number): void {
  for (let h = hourOf(ts - intervalS * 1000); h < ts; h += HOUR_MS) affected.expertHours.add(h);
}
