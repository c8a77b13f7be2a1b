import type { Db } from '@/lib/db/client';
import { dataCoverage, isComplete, type DataCoverage } from '@/lib/metrics/dataCoverage';
import { getDataExtent } from '@/lib/metrics/queries/getDataExtent';
import { getDataHours } from '@/lib/metrics/queries/getDataHours';
import { dayContaining, dayWindow } from '@/lib/time/day';
import type { ReportDay } from './build';

type Zone = Omit<ReportDay, 'date'>;

/** How far back from the newest data a complete day is looked for. */
const LOOK_BACK_DAYS = 62;
const DAY_MS = 86_400_000;

/** How much of a day's window has telemetry (lib/metrics/dataCoverage). */
export async function getDayCoverage(db: Db, day: ReportDay): Promise<DataCoverage> {
  const window = dayWindow(day.date, day.timeZone, day.dayStart);
  return dataCoverage(await getDataHours(db.pool, window), window);
}

/**
 * The day Finance and Reports open on: the newest day of the organisation's convention that
 * telemetry covers whole, so nobody reads 4 hours of data as a day. Without such a day in the
 * last two months, the day of the newest data (which the pages mark as partial); without data,
 * today.
 */
export async function latestCompleteDay(db: Db, zone: Zone, now = Date.now()): Promise<string> {
  const { last } = await getDataExtent(db.pool);
  if (last === null) return dayContaining(now, zone.timeZone, zone.dayStart);
  const newest = dayContaining(last, zone.timeZone, zone.dayStart);
  const hours = await getDataHours(db.pool, { start: last - LOOK_BACK_DAYS * DAY_MS, end: last + DAY_MS });
  let date = newest;
  for (let i = 0; i < LOOK_BACK_DAYS; i++) {
    const window = dayWindow(date, zone.timeZone, zone.dayStart);
    if (isComplete(dataCoverage(hours, window))) return date;
    date = dayContaining(window.start - 1, zone.timeZone, zone.dayStart);
  }
  return newest;
}
