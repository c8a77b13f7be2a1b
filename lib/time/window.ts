/** A half-open span of time [start, end), in epoch milliseconds. */
export interface TimeWindow {
  start: number;
  end: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function assertWindow(window: TimeWindow): void {
  if (!Number.isFinite(window.start) || !Number.isFinite(window.end) || window.end <= window.start) {
    throw new RangeError(`not a time window: [${window.start}, ${window.end})`);
  }
}

/**
 * The window cut into real 60-minute instants from its start (so a 25-hour DST day has 25
 * hours, each an hour long); the last step is shorter when the window is not whole hours.
 */
export function hourlySteps(window: TimeWindow): TimeWindow[] {
  assertWindow(window);
  const steps: TimeWindow[] = [];
  for (let start = window.start; start < window.end; start += HOUR_MS) {
    steps.push({ start, end: Math.min(start + HOUR_MS, window.end) });
  }
  return steps;
}

/** Index of the hourly step of `window` that contains `instant`, or −1 outside the window. */
export function hourIndex(window: TimeWindow, instant: number): number {
  if (instant < window.start || instant >= window.end) return -1;
  return Math.floor((instant - window.start) / HOUR_MS);
}
