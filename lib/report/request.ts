import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { parseQuery } from '@/lib/http/parse';
import type { ReportDay } from './build';
import { getDailyReport } from './closing';
import { resolveDay } from './live';
import type { DailyReport } from './types';

/** The query of a report page or download: ?tz=&dayStart=&version= (the organisation's day by default). */
export const ReportQuery = z.object({
  tz: z.string().min(1).optional(),
  dayStart: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM').optional(),
  version: z.coerce.number().int().positive().optional(),
  print: z.string().optional(),
});
export type ReportQuery = z.output<typeof ReportQuery>;

/** A day from a path's date and a report query; a bad date, zone or time is a 400. */
export async function dayFromRequest(db: Db, date: string, query: ReportQuery): Promise<ReportDay> {
  try {
    return await resolveDay(db, date, query.tz, query.dayStart);
  } catch (e) {
    if (e instanceof RangeError) throw new BadRequest(e.message);
    throw e;
  }
}

/** The report a download route asks for: the day of its path and query, the version asked (else the latest). */
export async function requestedReport(db: Db, request: Request, date: string): Promise<{ day: ReportDay; report: DailyReport }> {
  const query = parseQuery(request, ReportQuery);
  const day = await dayFromRequest(db, date, query);
  return { day, report: await getDailyReport(db, day, query.version) };
}

/** A download's file name: `fleetledger-2025-02-27.csv`, `fleetledger-2025-02-27-v2.pdf` for a version. */
export const reportFileName = (report: Pick<DailyReport, 'date' | 'version'>, extension: 'csv' | 'pdf'): string =>
  `fleetledger-${report.date}${report.version ? `-v${report.version}` : ''}.${extension}`;
