import { MetricsQuery } from '@/lib/metrics/views/params';
import { reportDateProblem, reportQueryProblem, reportUrlProblem } from '@/lib/report/urlRules';
import { issuesText } from './params';

/** The fleet view pages: each reads MetricsQuery from its query string. */
export const VIEW_PAGES = ['/', '/throughput', '/tokens', '/cache', '/kv', '/latency', '/nodes', '/balance', '/experts'] as const;

export interface PageUrlProblem {
  message: string;
  /** A download (JSON, CSV, PDF) answers the error envelope; a page answers a page. */
  download: boolean;
  /** Which address rules the explanation quotes. */
  kind: 'report' | 'view' | 'finance';
}

const query = (search: URLSearchParams) => {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
};

/** What is wrong with a page's or download's address before anything is read (null: nothing). */
export function pageUrlProblem(pathname: string, search: URLSearchParams): PageUrlProblem | null {
  const report = reportUrlProblem(pathname, search);
  if (report) return { ...report, kind: 'report' };
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  if ((VIEW_PAGES as readonly string[]).includes(path)) {
    const parsed = MetricsQuery.safeParse(query(search));
    return parsed.success ? null : { message: `${issuesText(parsed.error)}.`, download: false, kind: 'view' };
  }
  if (path === '/finance') {
    const date = search.get('date');
    const dateProblem = date === null ? null : reportDateProblem(date);
    const message = (dateProblem && `date ${dateProblem}`)
      ?? reportQueryProblem({ tz: search.get('tz') ?? undefined, dayStart: search.get('dayStart') ?? undefined });
    return message ? { message, download: false, kind: 'finance' } : null;
  }
  return null;
}
