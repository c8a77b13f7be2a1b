import { MINUTE_MS } from '@/lib/time/window';

/**
 * The Overview over the minutes that hold a job's records, first to last: where an upload's data
 * is, whatever day it landed on (a relative trace counted from a default start included).
 */
export function dataRangeHref(firstTs: string, lastTs: string): string {
  const from = Math.floor(Date.parse(firstTs) / MINUTE_MS) * MINUTE_MS;
  const to = Math.floor(Date.parse(lastTs) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
  return `/?from=${iso(from)}&to=${iso(to)}`;
}
