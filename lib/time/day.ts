import { TZDate, tzOffset } from '@date-fns/tz';
import { assertTimeZone, parseLocalTime } from '@/lib/time/localTime';
import { DAY_MS, MINUTE_MS, type TimeWindow } from '@/lib/time/window';

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function parseDate(date: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = parsed && new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day));
  if (!parsed || !check || check.getUTCMonth() !== parsed.month - 1 || check.getUTCDate() !== parsed.day) {
    throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  return parsed;
}

/** The instant the wall clock in `timeZone` shows `minuteOfDay` on that local date (a time that
 *  a spring-forward gap skips resolves to the same wall time after the jump, so days still tile). */
function localInstant({ year, month, day }: CalendarDate, minuteOfDay: number, timeZone: string): number {
  // Building a TZDate costs ~40 µs and a ten-year range of days needs thousands; away from a change
  // of offset (none within a day either side) the wall time names exactly one instant.
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const offsetAt = (t: number) => tzOffset(timeZone, new Date(t));
  const instant = wall - offsetAt(wall) * MINUTE_MS;
  const offset = offsetAt(instant);
  if (wall - offset * MINUTE_MS === instant && offsetAt(instant - DAY_MS) === offset && offsetAt(instant + DAY_MS) === offset) return instant;
  return new TZDate(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, timeZone).getTime();
}

/**
 * The organisation's day `date` (docs/design.md "Windows and days"): from `dayStart` (HH:MM) local time on that date in
 * `timeZone` to the same local time the next day — 23 to 25 hours across a DST change.
 */
export function dayWindow(date: string, timeZone: string, dayStart: string): TimeWindow {
  assertTimeZone(timeZone);
  const calendar = parseDate(date);
  const minute = parseLocalTime(dayStart);
  return {
    start: localInstant(calendar, minute, timeZone),
    end: localInstant({ ...calendar, day: calendar.day + 1 }, minute, timeZone),
  };
}

/** The day (YYYY-MM-DD, as dayWindow names it) that contains `instant`. */
export function dayContaining(instant: number, timeZone: string, dayStart: string): string {
  assertTimeZone(timeZone);
  const localDate = Math.floor((instant + tzOffset(timeZone, new Date(instant)) * MINUTE_MS) / DAY_MS) * DAY_MS;
  const name = (t: number) => new Date(t).toISOString().slice(0, 10);
  return dayWindow(name(localDate), timeZone, dayStart).start > instant ? name(localDate - DAY_MS) : name(localDate);
}

/** The starts of the organisation's days that fall strictly inside the window, in order. */
export function dayStartsWithin(window: TimeWindow, timeZone: string, dayStart: string): number[] {
  const first = parseDate(dayContaining(window.start, timeZone, dayStart));
  const minute = parseLocalTime(dayStart);
  const starts: number[] = [];
  for (let day = first.day + 1, t = localInstant({ ...first, day }, minute, timeZone); t < window.end; t = localInstant({ ...first, day: ++day }, minute, timeZone)) {
    starts.push(t);
  }
  return starts;
}
