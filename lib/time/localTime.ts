import { tzOffset } from '@date-fns/tz';
import { MINUTE_MS, assertWindow, type TimeWindow } from '@/lib/time/window';

const MINUTES_PER_DAY = 1440;

// Building an Intl.DateTimeFormat costs tens of microseconds; pricing a day checks zones per minute.
const knownZones = new Set<string>();

/** Throws a RangeError unless `timeZone` is an IANA zone the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`unknown time zone: ${JSON.stringify(timeZone)}`);
  }
  knownZones.add(timeZone);
}

/** 'HH:MM' (00:00–23:59) → minutes after local midnight. */
export function parseLocalTime(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`not a local time HH:MM: ${JSON.stringify(text)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whole minutes after local midnight (wall clock) of an instant in `timeZone`. */
export function localMinuteOfDay(instant: number, timeZone: string): number {
  const offset = tzOffset(timeZone, new Date(instant));
  const minutes = Math.floor(instant / MINUTE_MS) + offset;
  return ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** A daily local-time range [from, to), wrapping midnight when `to` is earlier than `from`. */
export interface LocalTimeRange {
  from: string;
  to: string;
  timeZone: string;
}

interface ParsedRange {
  from: number;
  to: number;
  timeZone: string;
}

function parseRange(range: LocalTimeRange): ParsedRange {
  const from = parseLocalTime(range.from);
  const to = parseLocalTime(range.to);
  if (from === to) throw new RangeError(`empty local time range ${range.from}–${range.to}`);
  assertTimeZone(range.timeZone);
  return { from, to, timeZone: range.timeZone };
}

function contains({ from, to }: ParsedRange, minute: number): boolean {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** Whether the wall clock at `instant` is inside the range. */
export function isInLocalTimeRange(instant: number, range: LocalTimeRange): boolean {
  const parsed = parseRange(range);
  return contains(parsed, localMinuteOfDay(instant, parsed.timeZone));
}

/** Whether the UTC minutes (m0, last] include one whose wall clock, at a fixed offset, is `edge`. */
function crossesEdge(m0: number, last: number, offset: number, edge: number): boolean {
  const ahead = (((edge - (m0 + offset)) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return m0 + (ahead || MINUTES_PER_DAY) <= last;
}

/**
 * Whether a whole window lies inside the range, outside it, or across one of its edges.
 * Edges are whole local minutes and zone offsets whole minutes, so membership is constant within
 * each UTC minute. At one offset the wall clock runs evenly and the edges can be found by
 * arithmetic; across a DST change each minute the window touches is checked.
 */
export function localTimeRangeCoverage(window: TimeWindow, range: LocalTimeRange): 'inside' | 'outside' | 'mixed' {
  assertWindow(window);
  const parsed = parseRange(range);
  const inside = (t: number) => contains(parsed, localMinuteOfDay(t, parsed.timeZone));
  const first = inside(window.start);
  const verdict = first ? 'inside' : 'outside';
  const m0 = Math.floor(window.start / MINUTE_MS);
  const last = Math.floor((window.end - 1) / MINUTE_MS);
  // 25 hours touch every wall-clock minute of a day, so both sides of any range.
  if (last - m0 >= 25 * 60) return 'mixed';
  const offset = tzOffset(parsed.timeZone, new Date(window.start));
  if (offset === tzOffset(parsed.timeZone, new Date(window.end - 1))) {
    const crosses = [parsed.from, parsed.to].some((edge) => crossesEdge(m0, last, offset, edge));
    return crosses ? 'mixed' : verdict;
  }
  for (let minute = m0 + 1; minute <= last; minute++) {
    if (inside(minute * MINUTE_MS) !== first) return 'mixed';
  }
  return verdict;
}
