import { z } from 'zod';
import { assertTimeZone, parseLocalTime } from '@/lib/time/localTime';

/**
 * The parameter shapes every page and route shares, each refusing what it cannot read with a
 * message that says what was given and what is expected. Bounds keep one request's work finite:
 * years a fleet can have data for, lists a query can carry.
 */

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** The most values a repeated filter (`?node=a&node=b…`) may carry. */
export const MAX_LIST = 1000;
/** The longest single text parameter (a model or node name). */
export const MAX_TEXT = 200;

export const YEARS = `the years ${FIRST_YEAR}–${LAST_YEAR}`;
export const INSTANT_FORMAT = `a full ISO 8601 instant with its zone, e.g. 2025-02-27T04:00:00Z or 2025-02-27T12:00+08:00, in ${YEARS}`;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

/** A calendar date's fields are a real day (not 2025-02-30). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Epoch ms of a full ISO 8601 instant in the supported years, or null. `1` or `2025` are not instants. */
export function parseInstant(text: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (!inYears(year) || !isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** A YYYY-MM-DD calendar day in the supported years. */
export function isDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return !!m && inYears(Number(m[1])) && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A YYYY-MM month in the supported years. */
export function isMonth(month: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return !!m && inYears(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function isTimeZone(tz: string): boolean {
  try {
    assertTimeZone(tz);
    return true;
  } catch {
    return false;
  }
}

export function isTimeOfDay(text: string): boolean {
  try {
    parseLocalTime(text);
    return true;
  } catch {
    return false;
  }
}

/** A whole number from 1 that PostgreSQL's bigint holds (a 24-digit id is refused, never a 500). */
export const isRowId = (text: string) => /^[1-9]\d{0,17}$/.test(text);

/** A report version: a whole number from 1. */
export const isVersion = (text: string) => /^[1-9]\d{0,8}$/.test(text);

const quoted = (v: unknown) => JSON.stringify(String(v).slice(0, 60));

/** ?from= / ?to=: epoch ms. */
export const instant = z.string().transform((s, ctx) => {
  const ms = parseInstant(s);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `${quoted(s)} is not an instant: expected ${INSTANT_FORMAT}` });
    return z.NEVER;
  }
  return ms;
});

/** A string the predicate accepts, else an issue quoting it. */
const checked = (accepts: (s: string) => boolean, problem: string) =>
  z.string().superRefine((s, ctx) => {
    if (!accepts(s)) ctx.addIssue({ code: 'custom', message: `${quoted(s)} ${problem}` });
  });

export const timeZone = checked(isTimeZone, 'is not a time zone: expected an IANA zone name (e.g. Asia/Shanghai, UTC)');

export const timeOfDay = checked(isTimeOfDay, 'is not a time of day: expected HH:MM from 00:00 to 23:59');

export const text = z.string().min(1).max(MAX_TEXT, `expected at most ${MAX_TEXT} characters`);

/** A row id in a path (`/api/ingest/jobs/[id]`). */
export const rowId = checked(isRowId, 'is not an id: expected a whole number from 1 with at most 18 digits').transform((id) => BigInt(id));

/** A query parameter that may repeat (`?node=a&node=b`): always an array, empty when absent, at most MAX_LIST values. */
export function boundedList<S extends z.ZodType>(item: S) {
  return z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(item).max(MAX_LIST, `expected at most ${MAX_LIST} values`),
  );
}

/** Zod issues as one sentence: `from: "1" is not an instant: expected …; node: …`. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`).join('; ');
}
