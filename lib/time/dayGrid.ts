import { dayContaining, dayStartsWithin, dayWindow } from './day';
import { HOUR_MS, type TimeWindow } from './window';

/** The organisation day a day rollup is keyed by: its zone and local day start. */
export interface DayGrid {
  timeZone: string;
  dayStart: string;
  /** While the tier is being keyed (newest days first): the day from which its rows are whole; null when all are. */
  derivedFrom?: number | null;
}

export const wholeHours = (w: TimeWindow) => w.start % HOUR_MS === 0 && w.end % HOUR_MS === 0;

/**
 * The day each UTC hour belongs to on the grid, or null: no grid, or a day that does not start and
 * end on whole UTC hours (a zone at a half-hour offset), whose hours straddle two days.
 */
export function dayOfHour(grid: DayGrid | null): (hour: number) => TimeWindow | null {
  const days = new Map<number, TimeWindow | null>();
  return (hour) => {
    if (!grid) return null;
    let day = days.get(hour);
    if (day === undefined) {
      const window = dayWindow(dayContaining(hour, grid.timeZone, grid.dayStart), grid.timeZone, grid.dayStart);
      day = wholeHours(window) ? window : null;
      days.set(hour, day);
    }
    return day;
  };
}

/** The grid's days from the one holding the window's start to the one holding its end, as [start, end). */
export function gridDays(grid: DayGrid, window: TimeWindow): TimeWindow[] {
  const first = dayWindow(dayContaining(window.start, grid.timeZone, grid.dayStart), grid.timeZone, grid.dayStart);
  const edges = [first.start, ...dayStartsWithin({ start: first.start, end: window.end }, grid.timeZone, grid.dayStart)];
  const last = dayWindow(dayContaining(edges[edges.length - 1], grid.timeZone, grid.dayStart), grid.timeZone, grid.dayStart);
  edges.push(last.end);
  const days: TimeWindow[] = [];
  for (let i = 0; i + 1 < edges.length; i++) days.push({ start: edges[i], end: edges[i + 1] });
  return days;
}


/**
 * The whole grid days a stepped read can take from a day rollup: from the first day start at or
 * after the first edge to the last at or before the last edge, when every edge between them is a
 * day start (each day then lies in one step: the grid's day steps, or one total) and every day
 * starts on a whole UTC hour. Null otherwise, or without a grid. (`startsWithin`: dayStartsWithin,
 * or a memo of it: a view asks for the same window's days many times.)
 */
export function daySpan(edges: number[], grid: DayGrid | null, startsWithin = dayStartsWithin): TimeWindow | null {
  if (!grid) return null;
  const start = edges[0];
  const end = edges[edges.length - 1];
  const starts = startsWithin({ start: start - 1, end: end + 1 }, grid.timeZone, grid.dayStart);
  if (starts.length < 2 || !starts.every((t) => t % HOUR_MS === 0)) return null;
  const first = Math.max(starts[0], grid.derivedFrom ?? -Infinity);
  const last = starts[starts.length - 1];
  const dayStarts = new Set(starts);
  if (first >= last || !dayStarts.has(first)) return null;
  return edges.every((e) => e <= first || e >= last || dayStarts.has(e)) ? { start: first, end: last } : null;
}
