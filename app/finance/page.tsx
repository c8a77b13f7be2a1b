import type { Metadata } from 'next';
import Link from 'next/link';
import { CostIncomeChart } from '@/app/_components/finance/cost-income-chart';
import { ReportFigures } from '@/app/_components/finance/figures';
import { BreakdownTables, HourlyTable, RevenueGapTable } from '@/app/_components/finance/tables';
import '@/app/_components/finance/finance.css';
import { getReadDb } from '@/lib/db/client';
import { prepareCostIncomeChart } from '@/lib/report/chart';
import { getDailyReport } from '@/lib/report/closing';
import { getDayCoverage, latestCompleteDay } from '@/lib/report/defaultDay';
import { dailyReportPath } from '@/lib/report/paths';
import { ReportQuery, dayFromRequest } from '@/lib/report/request';
import { whatIfBase } from '@/lib/report/whatIfBase';
import { getDaySettings } from '@/lib/settings/orgSettings';
import { loadPricing } from '@/lib/settings/pricingStore';
import { PartialDayBanner } from '@/app/_components/finance/partial-day';
import { WhatIfPanel } from './what-if';
import { guardPage } from '@/app/_components/auth/access';
import { DAY_TIMED_OUT, TimedOut } from '@/app/_components/timed-out';
import { unlessTimedOut } from '@/lib/http/unlessTimedOut';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Finance' };

type Props = { searchParams: Promise<{ date?: string; tz?: string; dayStart?: string }> };

export default async function FinancePage({ searchParams }: Props) {
  const access = await guardPage('/finance');
  if ('denied' in access) return access.denied;
  const query = await searchParams;
  const db = await getReadDb();
  const org = await getDaySettings(db);
  const zone = { timeZone: query.tz ?? org.timeZone, dayStart: query.dayStart ?? org.dayStart };
  const date = query.date ?? (await latestCompleteDay(db, zone));
  const day = await dayFromRequest(db, date, ReportQuery.parse({ tz: zone.timeZone, dayStart: zone.dayStart }));
  const loaded = await unlessTimedOut(Promise.all([getDailyReport(db, day), loadPricing(db), getDayCoverage(db, day)]));
  if ('timedOut' in loaded) return <TimedOut title="Finance" message={DAY_TIMED_OUT} />;
  const [report, pricing, coverage] = loaded.value;
  return (
    <>
      <header className="page-header">
        <h1>Finance</h1>
        <p className="subtitle">
          Cost against theoretical and actual revenue for the day from {day.dayStart} {day.timeZone}. Theoretical values every
          token at {report.revenue.referenceModel} list price; actual bills {report.revenue.billableSources.join(', ')} traffic at
          each model&apos;s own price, less off-peak discounts.
        </p>
      </header>
      <form className="toolbar" method="get">
        <label>Day <input name="date" defaultValue={day.date} size={10} pattern="\d{4}-\d{2}-\d{2}" placeholder="YYYY-MM-DD" title="YYYY-MM-DD" /></label>
        <label>Zone <input name="tz" defaultValue={day.timeZone} size={16} /></label>
        <label>Day starts <input name="dayStart" defaultValue={day.dayStart} size={5} /></label>
        <button type="submit">Show</button>
        <Link className="button" href={dailyReportPath(day)}>Daily report {report.status === 'closed' ? `(v${report.version})` : ''}</Link>
      </form>
      <PartialDayBanner coverage={coverage} />
      <ReportFigures report={report} />
      <section className="panel">
        <h2>Cost and theoretical income, hourly</h2>
        <CostIncomeChart series={prepareCostIncomeChart(report.hourly, report.timeZone)} />
      </section>
      <div className="panel-grid">
        <section className="panel">
          <h2>Theoretical − actual, explained</h2>
          <RevenueGapTable report={report} />
        </section>
        <WhatIfPanel base={whatIfBase(report, pricing)} cacheHitRatio={report.tokens.cacheHitRatio ?? 0} />
      </div>
      <BreakdownTables report={report} />
      <section className="panel">
        <h2>Hourly</h2>
        <HourlyTable report={report} />
      </section>
    </>
  );
}
