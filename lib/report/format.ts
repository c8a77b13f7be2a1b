import { localText, windowText } from '@/lib/time/localText';

/** Display formats shared by the Markdown report, the pages and the PDF. */
const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const usdText = (dollars: number | null) => (dollars === null ? '—' : usdFormat.format(dollars));
export const percentText = (fraction: number | null, digits = 1) => (fraction === null ? '—' : `${(fraction * 100).toFixed(digits)}%`);
export const numberText = (value: number | null, digits = 0) =>
  value === null ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** 608,000,000,000 → "608.00B". */
export function tokensText(tokens: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  const unit = units.find(([size]) => Math.abs(tokens) >= size);
  return unit ? `${(tokens / unit[0]).toFixed(2)}${unit[1]}` : String(tokens);
}

/** "HH:MM" of an instant on the wall clock of `timeZone`. */
export function localClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

export const sourceText = (source: string, coverage: number | null) =>
  `${source}${coverage === null ? '' : `, coverage ${percentText(coverage)}`}`;

/** What a reader shows for a section a stored version predates (closed before the section existed). */
export const NOT_IN_VERSION = 'not in this version';

export const kwhText = (kwh: number | null) => (kwh === null ? 'no data' : `${numberText(kwh, kwh < 100 ? 2 : 0)} kWh`);

/** An hour row as the page labels it, with its local date: "2025-02-27 23:00–00:00". */
export const hourText = (start: string, end: string, timeZone: string) => `${localText(Date.parse(start), timeZone)}–${localClock(end, timeZone)}`;

/** The report's day on its own clock, and in UTC when that differs:
 *  "2025-02-27 12:00 – 2025-02-28 12:00 Asia/Shanghai (04:00–04:00 UTC)". */
export function reportWindowText(window: { start: string; end: string }, timeZone: string): string {
  const [start, end] = [Date.parse(window.start), Date.parse(window.end)];
  const local = windowText(start, end, timeZone);
  const sameAsUtc = localText(start, timeZone) === localText(start, 'UTC') && localText(end, timeZone) === localText(end, 'UTC');
  return sameAsUtc ? local : `${local} (${localClock(window.start, 'UTC')}–${localClock(window.end, 'UTC')} UTC)`;
}

/** Who issued a version, as recorded: until sign-in exists the web app records "web", not a person. */
export const actorText = (actor: string) => (actor === 'web' ? 'via web app' : `by ${actor}`);

/** "2025-02-28 14:02 Asia/Shanghai via web app". */
export const issuedText = (at: string, actor: string, timeZone: string) => `${localText(Date.parse(at), timeZone)} ${timeZone} ${actorText(actor)}`;
