import type { Metadata } from 'next';
import Link from 'next/link';
import { pageUrlProblem } from '@/lib/http/pageUrls';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Bad address' };

type Props = { searchParams: Promise<{ url?: string }> };

/** What proxy.ts shows (with status 400) for a report, view or finance URL it cannot read; `url` is the address asked for. */
export default async function InvalidReportPage({ searchParams }: Props) {
  const access = await guardPage('/reports/invalid');
  if ('denied' in access) return access.denied;
  const asked = (await searchParams).url ?? '';
  const parsed = new URL(asked, 'http://localhost');
  const problem = pageUrlProblem(parsed.pathname, parsed.searchParams);
  const view = problem?.kind === 'view';
  return (
    <>
      <header className="page-header">
        <h1>{view ? 'Bad dashboard address' : 'Bad report address'}</h1>
      </header>
      <section className="panel" data-testid="bad-request">
        <p><code>{asked || '(no address)'}</code></p>
        <p role="alert" className="error-text">{problem?.message ?? 'This address has nothing wrong with it.'}</p>
        {view ? (
          <p className="muted">
            A dashboard takes <code>?range=1h|24h|7d|30d</code> or <code>?from=&amp;to=</code> as full ISO 8601 instants
            (e.g. <code>2025-02-27T04:00:00Z</code>, years 2000–2100, from before to), with optional <code>tz=Zone/Name</code>,{' '}
            <code>dayStart=HH:MM</code>, <code>step</code> (at most 5,000 steps) and up to 1,000 <code>node</code> filters.
          </p>
        ) : (
          <p className="muted">
            A daily report is <code>/reports/daily/YYYY-MM-DD</code> with optional <code>?tz=Zone/Name&amp;dayStart=HH:MM&amp;version=N</code>;
            a month is <code>/reports/monthly/YYYY-MM</code>; Finance takes <code>?date=YYYY-MM-DD&amp;tz=&amp;dayStart=</code>.
          </p>
        )}
        <p><Link className="button" href={view ? '/' : '/reports'}>{view ? 'Overview' : 'Reports'}</Link></p>
      </section>
    </>
  );
}
