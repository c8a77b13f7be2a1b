import { z } from 'zod';
import { dayWindow } from '@/lib/time/day';
import { assertTimeZone, parseLocalTime } from '@/lib/time/localTime';

// Telemetry is stamped in epoch milliseconds: a day before 1970 holds nothing, and a year below
// 1000 is read as 19xx by the Date arithmetic the windows are built with.
const FIRST_YEAR = 1970;

const DATE_FORMAT = 'YYYY-MM-DD, a calendar day from 1970 on (e.g. 2025-02-27)';
const MONTH_FORMAT = 'YYYY-MM, a month from 1970 on (e.g. 2025-02)';

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
  const year = Number(/^(\d{4})-\d{2}-\d{2}$/.exec(date)?.[1] ?? NaN);
  if (!(year >= FIRST_YEAR)) return `"${date}" is not a report date: expected ${DATE_FORMAT}.`;
  try {
    dayWindow(date, 'UTC', '00:00');
  } catch {
    return `"${date}" is not a report date: expected ${DATE_FORMAT}.`;
  }
  return null;
}

/** What is wrong with a monthly report's month (null: fine). */
export function reportMonthProblem(month: string): string | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const [year, m] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  return year >= FIRST_YEAR && m >= 1 && m <= 12 ? null : `"${month}" is not a month: expected ${MONTH_FORMAT}.`;
}

/** What is wrong with a report query's zone, day start and version (null: fine). */
export function reportQueryProblem(query: Record<string, string | undefined>): string | null {
  const { tz, dayStart, version } = query;
  if (tz !== undefined) {
    try {
      assertTimeZone(tz);
    } catch {
      return `tz "${tz}" is not a time zone: expected an IANA zone name (e.g. Asia/Shanghai, UTC).`;
    }
  }
  if (dayStart !== undefined) {
    try {
      parseLocalTime(dayStart);
    } catch {
      return `dayStart "${dayStart}" is not a time of day: expected HH:MM from 00:00 to 23:59 (e.g. 12:00).`;
    }
  }
  if (version !== undefined && !/^[1-9]\d{0,8}$/.test(version)) {
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
