import type { Db } from '@/lib/db/client';
import { electricityRateEdges } from '@/lib/finance/electricity';
import { loadFleetData } from '@/lib/metrics/fleetData';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { loadPricing } from '@/lib/settings/pricingStore';
import { dayWindow } from '@/lib/time/day';
import { buildDailyReport, type ReportDay } from './build';
import type { DailyReport } from './types';

/** A day named by date, in the organisation's zone and day-start unless given. */
export async function resolveDay(db: Db, date: string, timeZone?: string, dayStart?: string): Promise<ReportDay> {
  const org = timeZone && dayStart ? { timeZone, dayStart } : await getDaySettings(db);
  const day = { date, timeZone: timeZone ?? org.timeZone, dayStart: dayStart ?? org.dayStart };
  dayWindow(day.date, day.timeZone, day.dayStart); // validates all three
  return day;
}

/** The day's report computed now from the rollups and the pricing in force (not a snapshot). */
export async function computeDailyReport(db: Db, day: ReportDay): Promise<DailyReport> {
  const window = dayWindow(day.date, day.timeZone, day.dayStart);
  const pricing = await loadPricing(db);
  const data = await loadFleetData(db.pool, window, undefined, electricityRateEdges(pricing.electricityRates, window));
  return { ...buildDailyReport(data, pricing, day), status: 'open', version: null };
}
