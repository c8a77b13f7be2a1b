import { notFound } from 'next/navigation';
import { getReadDb } from '@/lib/db/client';
import { NotFound } from '@/lib/http/errors';
import { closeProblem, getDailyReport, getRestatement, listVersions } from '@/lib/report/closing';
import { getDayCoverage } from '@/lib/report/defaultDay';
import { ReportQuery, dayFromRequest } from '@/lib/report/request';
import { getDaySettings } from '@/lib/settings/orgSettings';

/** Everything the report page shows, from the path's date and the query string. */
export async function loadReportPage(date: string, searchParams: Record<string, string | string[] | undefined>) {
  const db = await getReadDb();
  const query = ReportQuery.parse(Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const day = await dayFromRequest(db, date, query);
  const [report, versions, restatement, org, coverage] = await Promise.all([
    getDailyReport(db, day, query.version).catch((e: unknown) => (e instanceof NotFound ? notFound() : Promise.reject(e))),
    listVersions(db, day),
    getRestatement(db, day),
    getDaySettings(db),
    getDayCoverage(db, day),
  ]);
  return { day, report, versions, restatement, coverage, closeProblem: closeProblem(day, org, Date.now()), print: query.print === '1' };
}
