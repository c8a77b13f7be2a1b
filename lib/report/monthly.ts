import type { Db } from '@/lib/db/client';
import { electricityRateEdges } from '@/lib/finance/electricity';
import { Decimal, sum } from '@/lib/finance/money';
import { dayContaining, dayWindow } from '@/lib/time/day';
import type { ReportDay } from './build';
import { dataCoverage, type DataCoverage } from '@/lib/metrics/dataCoverage';
import { loadFleetData, sliceFleetData } from '@/lib/metrics/fleetData';
import { getDataHours } from '@/lib/metrics/queries/getDataHours';
import { loadPricing } from '@/lib/settings/pricingStore';
import { buildDailyReport } from './build';
import { getSnapshot } from './closing';
import { restatementChanges } from './flatten';

export interface MonthDay {
  date: string;
  status: 'open' | 'closed';
  version: number | null;
  cost: number;
  theoreticalRevenue: number;
  actualRevenue: number;
  avgNodes: number;
  /** Closed days: the figures of the latest version that the report computed now differs in (a restatement pending); 0 otherwise. */
  restatedFigures: number;
  /** How much of the day's window has telemetry: a partial day is marked wherever it is listed. */
  coverage: DataCoverage;
}

export interface MonthSummary {
  month: string;
  timeZone: string;
  dayStart: string;
  days: MonthDay[];
  /** Sums of the days as shown (each to the cent), so the total equals the column. */
  totals: { cost: number; theoreticalRevenue: number; actualRevenue: number; closedDays: number; openDays: number };
}

function datesOf(month: string): string[] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`not a month YYYY-MM: ${JSON.stringify(month)}`);
  const days = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

// Histogram steps that every day window of every zone starts on (offsets are whole quarter-hours).
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The month's days up to today: each closed day's latest version, each open day computed from
 * one read of the month's rollups (sliced per day, so a month costs one query per kind, not 31).
 * A closed day is flagged by comparing its figures with the report computed now, as its page
 * does, not by whether anything happened since (an unrelated ingest or setting changes nothing).
 */
export async function monthlySummary(db: Db, month: string, zone: Omit<ReportDay, 'date'>, now = Date.now()): Promise<MonthSummary> {
  const today = dayContaining(now, zone.timeZone, zone.dayStart);
  const dates = datesOf(month).filter((date) => date <= today);
  const windows = dates.map((date) => dayWindow(date, zone.timeZone, zone.dayStart));
  const pricing = dates.length ? await loadPricing(db) : null;
  const span = dates.length ? { start: windows[0].start, end: windows[windows.length - 1].end } : null;
  // Energy in pieces that neither a day start nor an electricity rate change cuts, so each day slices out whole.
  const data = span && pricing
    ? await loadFleetData(db.pool, span, QUARTER_HOUR_MS, [...windows.map((w) => w.start), ...electricityRateEdges(pricing.electricityRates, span)])
    : null;
  const hours = span ? await getDataHours(db.pool, span) : [];
  const days: MonthDay[] = [];
  for (const [i, date] of dates.entries()) {
    const day = { date, ...zone };
    const live = data && pricing ? { ...buildDailyReport(sliceFleetData(data, windows[i]), pricing, day), status: 'open' as const, version: null } : null;
    const snapshot = await getSnapshot(db, day);
    const r = snapshot ?? live;
    if (!r) continue;
    days.push({
      date, status: r.status, version: r.version,
      cost: r.cost.total, theoreticalRevenue: r.revenue.theoretical, actualRevenue: r.revenue.actual, avgNodes: r.nodes.avg,
      restatedFigures: snapshot && live ? restatementChanges(snapshot, live).length : 0,
      coverage: dataCoverage(hours, windows[i]),
    });
  }
  const total = (key: 'cost' | 'theoreticalRevenue' | 'actualRevenue') => sum(days.map((d) => new Decimal(d[key]))).toNumber();
  return {
    month, ...zone, days,
    totals: {
      cost: total('cost'), theoreticalRevenue: total('theoreticalRevenue'), actualRevenue: total('actualRevenue'),
      closedDays: days.filter((d) => d.status === 'closed').length, openDays: days.filter((d) => d.status === 'open').length,
    },
  };
}
