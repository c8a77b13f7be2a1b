import { ViewChart } from '@/app/_components/charts/view-chart';
import { DataTable } from '@/app/_components/charts/data-table';
import { TableCsvLink } from './table-csv-link';
import { getReadDb } from '@/lib/db/client';
import { toApiError } from '@/lib/http/envelope';
import { QueryTimeout } from '@/lib/http/errors';
import { coverageText, isComplete } from '@/lib/metrics/dataCoverage';
import { getDataExtent } from '@/lib/metrics/queries/getDataExtent';
import { MetricsQuery } from '@/lib/metrics/views/params';
import { serveView } from '@/lib/metrics/views/serve';
import type { View, ViewName } from '@/lib/metrics/views/types';
import { viewTable } from '@/lib/charts/table';
import { localText, windowText } from '@/lib/time/localText';
import { EmptyState } from './empty-state';
import { FigureCards } from './figure-cards';
import { TimeRangePicker, type PickerFilter } from './time-range-picker';
import '@/app/_components/charts/charts.css';

export type SearchParams = Record<string, string | string[] | undefined>;

/** Data older than this is stale: the banner says so. */
export const STALE_AFTER_MS = 15 * 60_000;

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
function age(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

function StaleBanner({ newest, now }: { newest: number; now: number }) {
  if (now - newest <= STALE_AFTER_MS) return null;
  return (
    <div className="banner warn" role="status" data-testid="stale-banner">
      The newest telemetry is from {when(newest)}, {age(now - newest)} ago: nothing has arrived since. Relative ranges end there.
    </div>
  );
}

/**
 * A fleet view page: the time range picker, the stale-data banner, the view's figures, charts
 * and tables, read from lib/metrics exactly as GET /api/v1/metrics/<view> serves them.
 */
export async function FleetView({ name, title, subtitle, searchParams, filters, children }: {
  name: ViewName;
  title: string;
  subtitle: string;
  searchParams: SearchParams;
  filters: PickerFilter[];
  children?: (view: View) => React.ReactNode;
}) {
  const db = await getReadDb();
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request, and this is its time
  const now = Date.now();
  const extent = await getDataExtent(db.pool);
  const header = (
    <header className="page-header">
      <h1>{title}</h1>
      <p className="subtitle">{subtitle}</p>
    </header>
  );
  if (extent.last === null) return <>{header}<EmptyState /></>;
  const parsed = MetricsQuery.safeParse(searchParams);
  let view: View | null = null;
  let problem: string | null = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  if (parsed.success) {
    try {
      view = await serveView(db, name, parsed.data, now);
    } catch (e) {
      const apiError = toApiError(e);
      if (apiError.status >= 500 && !(apiError instanceof QueryTimeout)) throw e;
      problem = apiError.message;
    }
  }
  const shown = view ?? { window: { start: new Date(now - 86_400_000).toISOString(), end: new Date(now).toISOString() }, timeZone: 'UTC', dayStart: '00:00' };
  return (
    <>
      {header}
      <TimeRangePicker window={shown.window} timeZone={shown.timeZone} dayStart={shown.dayStart} filters={filters} />
      <StaleBanner newest={extent.last + 60_000} now={now} />
      {problem ? <div className="banner bad" role="alert">{problem}</div> : null}
      {view ? (
        <div data-testid={`view-${name}`} data-window-start={view.window.start} data-window-end={view.window.end}>
          <p className="muted window-line">
            <span data-testid="window-caption">{windowText(Date.parse(view.window.start), Date.parse(view.window.end), view.timeZone)}</span> · {view.step} steps
            {view.inputs?.length ? (
              <span data-testid="view-inputs"> · data from {view.inputs.map((i) => `${i.source}${i.formats.length ? ` (${i.formats.join(', ')})` : ''}`).join('; ')}</span>
            ) : null}
            {view.coverage ? <span data-testid="view-coverage" data-share={view.coverage.share}> · data for {coverageText(view.coverage)}</span> : null}
          </p>
          {view.coverage && !isComplete(view.coverage) ? (
            <div className="banner warn" role="status" data-testid="coverage-banner">
              {view.coverage.share === 0
                ? 'No telemetry in this range: every figure below is empty.'
                : `Telemetry covers ${coverageText(view.coverage)} of this range. Totals and averages over the range count the hours without data as nothing served; the cards say so.`}
            </div>
          ) : null}
          {view.ingestRunning ? (
            <div className="banner info" role="status" data-testid="ingest-running">
              An ingest into this range is running: the figures follow it, recomputed every few seconds (these at{' '}
              {localText(Date.parse(view.ingestRunning.computedAt), view.timeZone)} {view.timeZone}).
            </div>
          ) : null}
          <FigureCards figures={view.figures} coverage={view.coverage} change={(view as View & { change?: Record<string, number | null> }).change} />
          {view.notes.map((n) => <p key={n} className="banner info">{n}</p>)}
          {children?.(view)}
          <div className="chart-grid">
            {view.charts.map((c) => <ViewChart key={c.id} chart={c} timeZone={view.timeZone} height={c.kind === 'heatmap' ? 420 : 240} />)}
          </div>
          {view.tables.map((t) => {
            const table = viewTable(t);
            return (
              <section className="panel" key={t.id} data-testid={`table-${t.id}`}>
                <h2>{t.title} <TableCsvLink id={t.id} table={table} /></h2>
                <DataTable columns={table.columns} rows={table.rows} units={table.units} />
              </section>
            );
          })}
        </div>
      ) : null}
    </>
  );
}
