import { tzOffset } from '@date-fns/tz';
import { dayStartsWithin } from '@/lib/time/day';
import { assertTimeZone } from '@/lib/time/localTime';
import { HOUR_MS, MINUTE_MS, assertWindow, type TimeWindow } from '@/lib/time/window';

/** The steps a view's series are cut into: 1 minute, 5 minutes, 1 hour, 1 local day (from the day start). */
export const STEP_NAMES = ['1m', '5m', '1h', '1d'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const STEP_MS: Record<StepName, number> = { '1m': MINUTE_MS, '5m': 5 * MINUTE_MS, '1h': HOUR_MS, '1d': 24 * HOUR_MS };
export const TEN_MINUTES_MS = 10 * MINUTE_MS;

/** A window cut into steps: edges[i] ≤ t < edges[i + 1] is step i; the last step may be shorter. */
export interface Steps {
  window: TimeWindow;
  step: StepName;
  timeZone: string;
  edges: number[];
  /** The whole days of the day rollups these steps can read (set by the rollup reader: daySpan). */
  daySpan?: TimeWindow | null;
}

/** The step a range is shown in when none is asked for (a few dozen to a few hundred points). */
export function defaultStep(window: TimeWindow): StepName {
  const span = window.end - window.start;
  if (span <= 3 * HOUR_MS) return '1m';
  if (span <= 12 * HOUR_MS) return '5m';
  if (span <= 14 * 24 * HOUR_MS) return '1h';
  return '1d';
}

/** Whole-minute windows only: the rollups' smallest bucket. */
export function assertMinuteWindow(window: TimeWindow): void {
  assertWindow(window);
  if (window.start % MINUTE_MS !== 0 || window.end % MINUTE_MS !== 0) throw new RangeError('a window must start and end on whole minutes');
}

/** The first step boundary after t: whole minutes, 5 minutes or hours of the local clock in `timeZone`. */
function nextBoundary(t: number, step: Exclude<StepName, '1d'>, timeZone: string): number {
  const ms = STEP_MS[step];
  // UTC has no offset to look up: an hour grid over ten years is 87,600 boundaries.
  const offset = timeZone === 'UTC' ? 0 : tzOffset(timeZone, new Date(t)) * MINUTE_MS;
  return Math.floor((t + offset) / ms) * ms + ms - offset;
}

/**
 * Step edges on the local clock (as dashboards cut time): whole minutes, 5 minutes, hours, or
 * local days from `dayStart` (23–25 h across DST); the first and last steps may be partial.
 */
export function makeSteps(window: TimeWindow, step: StepName, timeZone = 'UTC', dayStart = '00:00'): Steps {
  assertMinuteWindow(window);
  assertTimeZone(timeZone);
  const edges = [window.start];
  if (step === '1d') for (const t of dayStartsWithin(window, timeZone, dayStart)) edges.push(t);
  else for (let t = nextBoundary(window.start, step, timeZone); t < window.end; t = nextBoundary(t, step, timeZone)) edges.push(t);
  edges.push(window.end);
  return { window, step, timeZone, edges };
}

/** Steps on a fixed UTC grid of `grainMs` (the first and last may be partial). */
export function gridSteps(window: TimeWindow, grainMs: number): Steps {
  assertMinuteWindow(window);
  const edges = [window.start];
  for (let t = Math.floor(window.start / grainMs) * grainMs + grainMs; t < window.end; t += grainMs) edges.push(t);
  edges.push(window.end);
  return { window, step: '1m', timeZone: 'UTC', edges };
}

/** The steps further cut at `cuts` inside the window (where a price changes), so no step spans one. */
export function cutSteps(steps: Steps, cuts: number[]): Steps {
  const inside = cuts.filter((t) => t > steps.window.start && t < steps.window.end);
  if (!inside.length) return steps;
  return { ...steps, edges: [...new Set([...steps.edges, ...inside])].sort((a, b) => a - b) };
}

/** The whole window as one step (totals). */
export function singleStep(window: TimeWindow, timeZone = 'UTC'): Steps {
  assertMinuteWindow(window);
  return { window, step: '1d', timeZone, edges: [window.start, window.end] };
}

/**
 * The whole hours a stepped read can take from an hour rollup: those from the first whole hour
 * to the last, when no step edge falls inside an hour (every hour then lies in one step). The
 * partial hours at the ends come from the finer rollup. Null when no hour qualifies.
 */
export function hourSpan(steps: Steps, grain = HOUR_MS): TimeWindow | null {
  const interior = steps.edges.slice(1, -1);
  if (!interior.every((e) => e % grain === 0)) return null;
  const start = Math.ceil(steps.window.start / grain) * grain;
  const end = Math.floor(steps.window.end / grain) * grain;
  return end > start ? { start, end } : null;
}

/**
 * Per-GPU rollups are kept per 10 minutes and per hour: their steps are the view's over the
 * window widened to whole 10 minutes when the view's edges are on 10-minute marks (hours, days),
 * else 10-minute steps.
 */
export function gpuSteps(steps: Steps): Steps {
  const start = Math.floor(steps.window.start / TEN_MINUTES_MS) * TEN_MINUTES_MS;
  const end = Math.ceil(steps.window.end / TEN_MINUTES_MS) * TEN_MINUTES_MS;
  const interior = steps.edges.slice(1, -1);
  if (interior.every((e) => e % TEN_MINUTES_MS === 0)) return { ...steps, window: { start, end }, edges: [start, ...interior, end] };
  const edges: number[] = [];
  for (let t = start; t < end; t += TEN_MINUTES_MS) edges.push(t);
  edges.push(end);
  return { window: { start, end }, step: steps.step, timeZone: steps.timeZone, edges };
}

/** Expert loads are kept per hour: the window widened to whole hours, one step. */
export function hourWindow(window: TimeWindow): TimeWindow {
  return { start: Math.floor(window.start / HOUR_MS) * HOUR_MS, end: Math.ceil(window.end / HOUR_MS) * HOUR_MS };
}

export const stepCount = (steps: Steps) => steps.edges.length - 1;

/** The step holding instant t (the first or last step for instants outside the window). */
export function stepContaining(steps: Steps, t: number): number {
  let low = 0;
  let high = stepCount(steps) - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (steps.edges[mid] <= t) low = mid;
    else high = mid - 1;
  }
  return low;
}
export const stepSeconds = (steps: Steps, i: number) => (steps.edges[i + 1] - steps.edges[i]) / 1000;
/** The edges as PostgreSQL timestamptz[] text. */
export const edgeParam = (steps: Steps) => steps.edges.map((e) => new Date(e).toISOString());
