import type { Metadata } from 'next';
import Link from 'next/link';
import '@/app/_components/finance/finance.css';
import { PartialDayBadge } from '@/app/_components/finance/partial-day';
import { getReadDb } from '@/lib/db/client';
import { BadRequest } from '@/lib/http/errors';
import { numberText, usdText } from '@/lib/report/format';
import { monthlySummary } from '@/lib/report/monthly';
import { dailyReportPath } from '@/lib/report/paths';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { guardPage } from '@/app/_components/auth/access';
import { DAY_TIMED_OUT, TimedOut } from '@/app/_components/timed-out';
import { unlessTimedOut } from '@/lib/http/unlessTimedOut';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ month: string }>; searchParams: Promise<{ tz?: string; dayStart?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Month ${(await params).month}` };
}

function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export default async function MonthlyPage({ params, searchParams }: Props) {
  const access = await guardPage('/reports/monthly/[month]');
  if ('denied' in access) return access.denied;
  const { month } = await params;
  const query = await searchParams;
  const db = await getReadDb();
  const org = await getDaySettings(db);
  const zone = { timeZone: query.tz ?? org.timeZone, dayStart: query.dayStart ?? org.dayStart };
  const loaded = await unlessTimedOut(monthlySummary(db, month, zone).catch((e: Error) => {
    throw e instanceof RangeError ? new BadRequest(e.message) : e;
  }));
  if ('timedOut' in loaded) return <TimedOut title={`Month ${month}`} message={DAY_TIMED_OUT} />;
  const summary = loaded.value;
  const q = `?tz=${encodeURIComponent(zone.timeZone)}&dayStart=${zone.dayStart}`;
  return (
    <>
      <header className="page-header">
        <h1>Month {month}</h1>
        <p className="subtitle">
          Days from {zone.dayStart} {zone.timeZone}. Closed days show their latest version; open days follow the data.
        </p>
      </header>
      <div className="toolbar">
        <Link className="button" href={`/reports/monthly/${shift(month, -1)}${q}`}>← {shift(month, -1)}</Link>
        <Link className="button" href={`/reports/monthly/${shift(month, 1)}${q}`}>{shift(month, 1)} →</Link>
      </div>
      <div className="stat-grid">
        <div className="stat"><div className="stat-label">Cost</div><div className="stat-value" data-testid="month-cost">{usdText(summary.totals.cost)}</div></div>
        <div className="stat"><div className="stat-label">Theoretical revenue</div><div className="stat-value">{usdText(summary.totals.theoreticalRevenue)}</div></div>
        <div className="stat"><div className="stat-label">Actual revenue</div><div className="stat-value">{usdText(summary.totals.actualRevenue)}</div></div>
        <div className="stat"><div className="stat-label">Days</div><div className="stat-value">{summary.totals.closedDays} closed · {summary.totals.openDays} open</div></div>
      </div>
      <section className="panel">
        <table className="data">
          <thead><tr><th>Day</th><th>Status</th><th className="num">Avg nodes</th><th className="num">Cost</th><th className="num">Theoretical</th><th className="num">Actual</th></tr></thead>
          <tbody>
            {summary.days.map((d) => (
              <tr key={d.date}>
                <td><Link href={dailyReportPath({ date: d.date, ...zone })}>{d.date}</Link></td>
                <td>
                  <span className={`badge ${d.status === 'closed' ? 'ok' : 'warn'}`}>{d.status === 'closed' ? `closed v${d.version}` : 'open'}</span>{' '}
                  <PartialDayBadge coverage={d.coverage} />{' '}
                  {d.restatedFigures ? (
                    <Link className="badge bad" data-testid={`restatement-${d.date}`} href={dailyReportPath({ date: d.date, ...zone })} title={`${d.restatedFigures} figures differ from version ${d.version}`}>
                      restatement pending
                    </Link>
                  ) : null}
                </td>
                <td className="num">{numberText(d.avgNodes, 2)}</td><td className="num">{usdText(d.cost)}</td>
                <td className="num">{usdText(d.theoreticalRevenue)}</td><td className="num">{usdText(d.actualRevenue)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th>Month</th><th /><th /><th className="num">{usdText(summary.totals.cost)}</th><th className="num">{usdText(summary.totals.theoreticalRevenue)}</th><th className="num">{usdText(summary.totals.actualRevenue)}</th></tr>
          </tfoot>
        </table>
      </section>
    </>
  );
}
