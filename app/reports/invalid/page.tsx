import type { Metadata } from 'next';
import Link from 'next/link';
import { reportUrlProblem } from '@/lib/report/urlRules';
import { guardPage } from '@/app/_components/auth/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Bad report address' };

type Props = { searchParams: Promise<{ url?: string }> };

/** What proxy.ts shows (with status 400) for a report URL it cannot read; `url` is the address asked for. */
export default async function InvalidReportPage({ searchParams }: Props) {
  const access = await guardPage('/reports/invalid');
  if ('denied' in access) return access.denied;
  const asked = (await searchParams).url ?? '';
  const parsed = new URL(asked, 'http://localhost');
  const problem = reportUrlProblem(parsed.pathname, parsed.searchParams);
  return (
    <>
      <header className="page-header">
        <h1>Bad report address</h1>
      </header>
      <section className="panel" data-testid="bad-request">
        <p><code>{asked || '(no address)'}</code></p>
        <p role="alert" className="error-text">{problem?.message ?? 'This report address has nothing wrong with it.'}</p>
        <p className="muted">
          A daily report is <code>/reports/daily/YYYY-MM-DD</code> with optional <code>?tz=Zone/Name&amp;dayStart=HH:MM&amp;version=N</code>;
          a month is <code>/reports/monthly/YYYY-MM</code>.
        </p>
        <p><Link className="button" href="/reports">Reports</Link></p>
      </section>
    </>
  );
}
