import type { Metadata } from 'next';
import Link from 'next/link';
import { CostIncomeChart } from '@/app/_components/finance/cost-income-chart';
import { ReportFigures } from '@/app/_components/finance/figures';
import { PartialDayBanner } from '@/app/_components/finance/partial-day';
import { BreakdownTables, EnergyTables, HourlyTable, RevenueGapTable } from '@/app/_components/finance/tables';
import '@/app/_components/finance/finance.css';
import { prepareCostIncomeChart } from '@/lib/report/chart';
import { actorText, issuedText, percentText, reportWindowText, usdText } from '@/lib/report/format';
import { localText } from '@/lib/time/localText';
import { dailyReportPath } from '@/lib/report/paths';
import { loadReportPage } from './report-data';
import { PricingAssumptions } from './pricing-assumptions';
import { ReportActions } from './report-actions';
import './report.css';
import { guardPage } from '@/app/_components/auth/access';
import { DAY_TIMED_OUT, TimedOut } from '@/app/_components/timed-out';
import { unlessTimedOut } from '@/lib/http/unlessTimedOut';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ date: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Daily report ${(await params).date}` };
}

export default async function DailyReportPage({ params, searchParams }: Props) {
  const access = await guardPage('/reports/daily/[date]');
  if ('denied' in access) return access.denied;
  const { date } = await params;
  const loaded = await unlessTimedOut(loadReportPage(date, await searchParams));
  if ('timedOut' in loaded) return <TimedOut title={`Daily report ${date}`} message={DAY_TIMED_OUT} />;
  const { day, report, versions, restatement, coverage, closeProblem, print } = loaded.value;
  const latest = versions.at(-1)?.version ?? null;
  const pending = report.version === latest && restatement && restatement.changes.length > 0 ? restatement : null;
  const closing = versions[0];
  const shown = versions.find((v) => v.version === report.version);
  return (
    <div className={`report-page${print ? ' printing' : ''}`}>
      <header className="page-header">
        <h1>Daily report {report.date}</h1>
        <span className={`badge ${report.status === 'closed' ? 'ok' : 'warn'}`} data-testid="report-status">
          {report.status === 'closed' ? `closed · version ${report.version}` : 'open · live figures'}
        </span>
        <p className="subtitle" data-testid="report-window">
          {reportWindowText(report.window, report.timeZone)} — the day from {report.dayStart} {report.timeZone} ({report.window.hours} h).
        </p>
        {closing ? (
          <p className="subtitle" data-testid="report-closed">
            Closed {issuedText(closing.createdAt, closing.createdBy, report.timeZone)}
            {shown && shown.version > 1 ? `; version ${shown.version} issued ${issuedText(shown.createdAt, shown.createdBy, report.timeZone)}` : ''}
            .
          </p>
        ) : null}
      </header>

      <div className="toolbar no-print">
        <a className="button" href={dailyReportPath(day, { version: report.version, suffix: '/csv' })} download data-testid="download-csv">Download CSV</a>
        <a className="button" href={dailyReportPath(day, { version: report.version, suffix: '/pdf' })} download data-testid="download-pdf">Download PDF</a>
        <a className="button" href={dailyReportPath(day, { version: report.version, suffix: '/json' })} data-testid="download-json">JSON</a>
        <Link className="button" href={`/reports/monthly/${report.date.slice(0, 7)}?tz=${encodeURIComponent(day.timeZone)}&dayStart=${day.dayStart}`}>Month</Link>
        <ReportActions
          date={day.date} timeZone={day.timeZone} dayStart={day.dayStart} closed={latest !== null} pending={pending !== null}
          summary={{
            window: reportWindowText(report.window, report.timeZone),
            cost: report.cost.total, theoreticalRevenue: report.revenue.theoretical, actualRevenue: report.revenue.actual,
            shown: [
              ['GPU cost', usdText(report.cost.total)], ['Theoretical revenue', usdText(report.revenue.theoretical)], ['Actual revenue', usdText(report.revenue.actual)],
              ['Theoretical margin', percentText(report.margin.theoretical)], ['Actual margin', percentText(report.margin.actual)],
            ],
          }}
          closeBlock={closeProblem && {
            message: closeProblem.message,
            href: closeProblem.kind === 'convention' ? dailyReportPath({ date: day.date, ...closeProblem.org }) : null,
          }}
        />
      </div>

      {pending ? (
        <section className="panel no-print" data-testid="restatement">
          <h2>Restatement pending</h2>
          <p>The figures of this closed day have changed since version {latest}. Accepting issues version {(latest ?? 0) + 1}.</p>
          <table className="data">
            <thead><tr><th>Figure</th><th className="num">Version {latest}</th><th className="num">Now</th><th className="num">Change</th></tr></thead>
            <tbody>
              {pending.changes.slice(0, 40).map((c) => (
                <tr key={c.figure}><td><code>{c.figure}</code></td><td className="num">{String(c.before ?? '—')}</td><td className="num">{String(c.after ?? '—')}</td><td className="num">{c.delta === null ? '' : c.delta > 0 ? `+${c.delta}` : c.delta}</td></tr>
              ))}
            </tbody>
          </table>
          {pending.changes.length > 40 ? <p className="muted">…and {pending.changes.length - 40} more figures.</p> : null}
          <h3>Since version {latest}</h3>
          <ul>{pending.causes.map((c) => <li key={`${c.at}${c.what}`}>{c.at}: {c.what}</li>)}</ul>
        </section>
      ) : null}

      <PartialDayBanner coverage={coverage} />
      <ReportFigures report={report} />

      <section className="panel" data-testid="energy-section">
        <h2>Energy</h2>
        <EnergyTables report={report} />
      </section>

      <section className="panel">
        <h2>Cost and theoretical income, hourly</h2>
        <CostIncomeChart series={prepareCostIncomeChart(report.hourly, report.timeZone)} />
      </section>

      <div className="panel-grid">
        <section className="panel">
          <h2>Why actual revenue is below theoretical</h2>
          <RevenueGapTable report={report} />
        </section>
        <section className="panel">
          <h2>Versions</h2>
          {versions.length ? (
            <table className="data">
              <thead><tr><th>Version</th><th>Issued ({report.timeZone})</th><th>By</th><th>Changed figures</th><th /></tr></thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version}>
                    <td><Link href={dailyReportPath(day, { version: v.version })}>v{v.version}</Link></td>
                    <td>{localText(Date.parse(v.createdAt), report.timeZone)}</td><td>{actorText(v.createdBy)}</td><td className="num">{v.changes.length}</td>
                    <td>
                      <a href={dailyReportPath(day, { version: v.version, suffix: '/csv' })}>CSV</a>{' · '}
                      <a href={dailyReportPath(day, { version: v.version, suffix: '/pdf' })}>PDF</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Open: the figures follow the data. Closing the day freezes them as version 1.</p>
          )}
          {report.cost.unpricedGpuHours ? <p className="badge warn">{report.cost.unpricedGpuHours} GPU-hours have no rate: cost is incomplete, not {usdText(0)}.</p> : null}
        </section>
      </div>

      <section className="panel long">
        <h2>Hourly</h2>
        <HourlyTable report={report} />
      </section>
      <BreakdownTables report={report} />

      <section className="panel assumptions" data-testid="pricing-section">
        <h2>Pricing assumptions</h2>
        <PricingAssumptions report={report} />
      </section>
    </div>
  );
}
