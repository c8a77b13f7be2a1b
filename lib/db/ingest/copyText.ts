/** Instants as PostgreSQL reads them in text (the key arrays of the exactly-once lookups). */
const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let cachedDay = NaN;
let cachedDate = '';

/**
 * An instant (epoch ms, a fraction for sub-millisecond precision) as ISO 8601 UTC text with
 * microseconds. Formatted by hand: Date#toISOString per field was the ingest's largest cost.
 */
export function copyInstant(ms: number | null): string {
  if (ms === null) return '\\N';
  let micros = Math.round(ms * 1000);
  const day = Math.floor(micros / (DAY_MS * 1000));
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  micros -= day * DAY_MS * 1000;
  const millis = Math.floor(micros / 1000);
  const sub = micros - millis * 1000;
  const h = Math.floor(millis / 3_600_000);
  const m = Math.floor((millis % 3_600_000) / 60_000);
  const sec = Math.floor((millis % 60_000) / 1000);
  const frac = PAD3[millis % 1000] + (sub ? PAD3[sub] : '');
  return `${cachedDate}${PAD2[h]}:${PAD2[m]}:${PAD2[sec]}.${frac}Z`;
}
