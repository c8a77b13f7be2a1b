/**
 * Timestamp text to epoch milliseconds, by hand: Date.parse accepts zone-less and
 * implementation-specific forms and drops sub-millisecond digits, and this runs once per field
 * of every line.
 *
 * Accepted: YYYY-MM-DD(T| )hh:mm[:ss[(.|,)fraction]] then Z, ±hh:mm, ±hhmm or ±hh.
 * A fraction finer than a millisecond is kept as a fractional epoch-ms number.
 */

/** Why a text is not an instant. */
export type InstantProblem = 'syntax' | 'no-zone' | 'calendar';

export type ZoneRule = 'required' | 'utc-if-absent';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MS_PER_DAY = 86_400_000;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;

const DIGIT_0 = 48;
const PLUS = 43;

/** The digit at `i`, or NaN when there is none. */
const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - DIGIT_0;
  return d >>> 0 <= 9 ? d : NaN;
};
/** The two digits at `i` as a number, or NaN. */
const two = (s: string, i: number): number => {
  const tens = s.charCodeAt(i) - DIGIT_0;
  const units = s.charCodeAt(i + 1) - DIGIT_0;
  return tens >>> 0 <= 9 && units >>> 0 <= 9 ? tens * 10 + units : NaN;
};

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const isDateTimeSeparator = (c: number) => c === 84 /* T */ || c === 116 /* t */ || c === 32;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// The last valid date read (as the number YYYYMMDD) and its day number: the timestamps of a
// file's lines mostly share their date, and its calendar check and day count were a third of
// the cost.
const lastDate = { ymd: -1, days: 0 };

/** Days since 1970-01-01 of the date at the start of `s`, 'syntax', or NaN for a date not on the calendar. */
function dateDays(s: string): number | 'syntax' {
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || Number.isNaN(year + month + day)) return 'syntax';
  const ymd = year * 10_000 + month * 100 + day;
  if (ymd === lastDate.ymd) return lastDate.days;
  const daysInMonth = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return NaN;
  lastDate.ymd = ymd;
  lastDate.days = daysFromCivil(year, month, day);
  return lastDate.days;
}

/** 10^n for the digits of a fraction (at most 15): a table, not a power per timestamp. */
const POW10 = Array.from({ length: 16 }, (_, n) => 10 ** n);

/** Epoch ms of an ISO 8601 instant, or why it is not one. */
export function parseInstant(s: string, zone: ZoneRule = 'required'): number | InstantProblem {
  if (s.length < 16) return 'syntax';
  const days = dateDays(s);
  const hour = two(s, 11);
  const minute = two(s, 14);
  if (days === 'syntax' || !isDateTimeSeparator(s.charCodeAt(10)) || s.charCodeAt(13) !== COLON) return 'syntax';
  if (Number.isNaN(hour + minute)) return 'syntax';
  let i = 16;
  let second = 0;
  let fractionMs = 0;
  if (s.charCodeAt(i) === COLON) {
    second = two(s, i + 1);
    if (Number.isNaN(second)) return 'syntax';
    i += 3;
    const c = s.charCodeAt(i);
    if (c === DOT || c === COMMA) {
      const start = ++i;
      let digits = 0;
      for (let d = digit(s, i); d >= 0; d = digit(s, ++i)) digits = digits * 10 + d;
      const n = i - start;
      if (n === 0 || n > 15) return 'syntax';
      fractionMs = n <= 3 ? digits * POW10[3 - n] : digits / POW10[n - 3];
    }
  }
  const offsetMinutes = parseZone(s, i, zone);
  if (typeof offsetMinutes === 'string') return offsetMinutes;
  if (Number.isNaN(days) || hour > 23 || minute > 59 || second > 59) return 'calendar';
  return days * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + fractionMs;
}

/** The zone at `i` as minutes east of UTC, or why it is missing or malformed. */
function parseZone(s: string, i: number, zone: ZoneRule): number | InstantProblem {
  if (i === s.length) return zone === 'required' ? 'no-zone' : 0;
  const c = s.charCodeAt(i);
  if (c === 90 /* Z */ || c === 122 /* z */) return i + 1 === s.length ? 0 : 'syntax';
  if (c !== PLUS && c !== DASH) return 'syntax';
  const hours = two(s, i + 1);
  let minutes = 0;
  const rest = s.length - (i + 3);
  if (rest === 3 && s.charCodeAt(i + 3) === COLON) minutes = two(s, i + 4);
  else if (rest === 2) minutes = two(s, i + 3);
  else if (rest !== 0) return 'syntax';
  if (Number.isNaN(hours + minutes)) return 'syntax';
  if (hours > 23 || minutes > 59) return 'calendar';
  return (c === DASH ? -1 : 1) * (hours * 60 + minutes);
}

/** ISO 8601 text of an epoch-ms instant, for messages. */
export const formatInstant = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms));
