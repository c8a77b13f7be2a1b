import type { Db } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { parseQuery } from '@/lib/http/parse';
import type { ReportDay } from './build';
import { getDailyReport } from './closing';
import { resolveDay } from './live';
import type { DailyReport } from './types';
import { ReportQuery, reportDateProblem, reportQueryProblem } from './urlRules';

export { ReportQuery };

/** A day from a path's date and a report query; a bad date, zone or time is a 400. */
export async function dayFromRequest(db: Db, date: string, query: ReportQuery): Promise<ReportDay> {
  const problem = reportDateProblem(date) ?? reportQueryProblem({ tz: query.tz, dayStart: query.dayStart });
  if (problem) throw new BadRequest(problem);
  try {
    return await resolveDay(db, date, query.tz, query.dayStart);
  } catch (e) {
    if (e instanceof RangeError) throw new BadRequest(e.message);
    throw e;
  }
}

/** A report request's query, validated; each malformed parameter is a 400 saying what is expected. */
export function parseReportQuery(request: Request): ReportQuery {
  const params = new URL(request.url).searchParams;
  const problem = reportQueryProblem({ tz: params.get('tz') ?? undefined, dayStart: params.get('dayStart') ?? undefined, version: params.get('version') ?? undefined });
  if (problem) throw new BadRequest(problem);
  return parseQuery(request, ReportQuery);
}

/** The report a download route asks for: the day of its path and query, the version asked (else the latest). */
export async function requestedReport(db: Db, request: Request, date: string): Promise<{ day: ReportDay; report: DailyReport }> {
  const query = parseReportQuery(request);
  const day = await dayFromRequest(db, date, query);
  return { day, report: await getDailyReport(db, day, query.version) };
}

/** A download's file name: `fleetledger-2025-02-27.csv`, `fleetledger-2025-02-27-v2.pdf` for a version. */
export const reportFileName = (report: Pick<DailyReport, 'date' | 'version'>, extension: 'csv' | 'pdf'): string =>
  `fleetledger-${report.date}${report.version ? `-v${report.version}` : ''}.${extension}`;
