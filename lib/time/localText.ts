import { TZDate } from '@date-fns/tz';

/** The form a person types a local time in: 24-hour, year first, the same in every browser locale. */
export const LOCAL_TEXT_PATTERN = '\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant on the wall clock of `timeZone`: "2025-02-27 12:00". */
export function localText(ms: number, timeZone: string): string {
  const d = new TZDate(ms, timeZone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2025-02-27 12:00" read on the wall clock of `timeZone`, as an ISO instant; null when it is not such a time or the zone is unknown. */
export function fromLocalText(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  try {
    const ms = new TZDate(year, month - 1, day, hour, minute, timeZone).getTime();
    if (Number.isNaN(ms) || localText(ms, timeZone).slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) return null;
    return new Date(ms).toISOString();
  } catch {
    return null;
  }
}

/** A window as a caption on the wall clock of its zone: "2025-02-27 12:00 – 2025-02-28 12:00 Asia/Shanghai". */
export function windowText(start: number, end: number, timeZone: string): string {
  return `${localText(start, timeZone)} – ${localText(end, timeZone)} ${timeZone}`;
}
