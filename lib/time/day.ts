import { TZDate } from '@date-fns/tz';
import { assertTimeZone, parseLocalTime } from '@/lib/time/localTime';
import type { TimeWindow } from '@/lib/time/window';

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
  const local = new TZDate(instant, timeZone);
  const candidate = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
  const name = (d: Date) => d.toISOString().slice(0, 10);
  if (dayWindow(name(candidate), timeZone, dayStart).start > instant) {
    candidate.setUTCDate(candidate.getUTCDate() - 1);
  }
  return name(candidate);
}
