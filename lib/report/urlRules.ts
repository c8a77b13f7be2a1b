import { z } from 'zod';
import { isDate, isMonth, isTimeOfDay, isTimeZone, isVersion, YEARS } from '@/lib/http/params';

const DATE_FORMAT = `YYYY-MM-DD, a calendar day in ${YEARS} (e.g. 2025-02-27)`;
const MONTH_FORMAT = `YYYY-MM, a month in ${YEARS} (e.g. 2025-02)`;

/** The query of a report page or download: ?tz=&dayStart=&version= (the organisation's day by default). */
export const ReportQuery = z.object({
  tz: z.string().min(1).optional(),
  dayStart: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM').optional(),
  version: z.coerce.number().int().positive().optional(),
  print: z.string().optional(),
});
export type ReportQuery = z.output<typeof ReportQuery>;

/** What is wrong with a report's date (null: a day a report can be asked for). */
export function reportDateProblem(date: string): string | null {
  return isDate(date) ? null : `"${date}" is not a report date: expected ${DATE_FORMAT}.`;
}

/** What is wrong with a monthly report's month (null: fine). */
export function reportMonthProblem(month: string): string | null {
  return isMonth(month) ? null : `"${month}" is not a month: expected ${MONTH_FORMAT}.`;
}

/** What is wrong with a report query's zone, day start and version (null: fine). */
export function reportQueryProblem(query: Record<string, string | undefined>): string | null {
  const { tz, dayStart, version } = query;
  if (tz !== undefined && !isTimeZone(tz)) {
    return `tz "${tz}" is not a time zone: expected an IANA zone name (e.g. Asia/Shanghai, UTC).`;
  }
  if (dayStart !== undefined && !isTimeOfDay(dayStart)) {
    return `dayStart "${dayStart}" is not a time of day: expected HH:MM from 00:00 to 23:59 (e.g. 12:00).`;
  }
  if (version !== undefined && !isVersion(version)) {
    return `version "${version}" is not a version number: expected a whole number from 1 (e.g. version=1).`;
  }
  return null;
}

const DAILY = /^\/reports\/daily\/([^/]+)(\/(?:json|csv|pdf))?\/?$/;
const MONTHLY = /^\/reports\/monthly\/([^/]+)\/?$/;

export interface ReportUrlProblem {
  message: string;
  /** A download (JSON, CSV, PDF) answers the error envelope; a page answers a page. */
  download: boolean;
}

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** What is wrong with a report page's or download's URL before anything is read (null: nothing). */
export function reportUrlProblem(pathname: string, search: URLSearchParams): ReportUrlProblem | null {
  const query = { tz: search.get('tz') ?? undefined, dayStart: search.get('dayStart') ?? undefined, version: search.get('version') ?? undefined };
  const daily = DAILY.exec(pathname);
  if (daily) {
    const message = reportDateProblem(decoded(daily[1])) ?? reportQueryProblem(query);
    return message ? { message, download: daily[2] !== undefined } : null;
  }
  const monthly = MONTHLY.exec(pathname);
  if (monthly) {
    const message = reportMonthProblem(decoded(monthly[1])) ?? reportQueryProblem({ ...query, version: undefined });
    return message ? { message, download: false } : null;
  }
  return null;
}
