'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale,
  PointElement, TimeScale, Tooltip, type ChartConfiguration, type ScriptableContext,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import 'chartjs-adapter-date-fns';
import { tz } from '@date-fns/tz';
import { heatColor, prepareChart, type PreparedChart } from '@/lib/charts/prepare';
import { chartTable } from '@/lib/charts/table';
import type { Chart as ViewChartData } from '@/lib/metrics/views/types';
import { CsvDownload } from '../csv-download';
import { DataTable } from './data-table';
import { axisNumber, formatX, logTickShown } from './format';

Chart.register(
  BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement,
  TimeScale, Tooltip, MatrixController, MatrixElement,
);

declare global {
  interface Window {
    /** The chart drawn on a canvas: the browser tests compare what it drew with the table it offers. */
    fleetLedgerChart?: (canvas: HTMLCanvasElement) => Chart | undefined;
  }
}
if (typeof window !== 'undefined') window.fleetLedgerChart = (canvas) => Chart.getChart(canvas);

type Config = ChartConfiguration<'line' | 'bar' | 'matrix'>;
type Cell = { x: number; y: string; v: number | null };

function datasets(p: PreparedChart): Config['data']['datasets'] {
  if (p.heatmap) {
    const { mid, max, columns, rows } = p.heatmap;
    return [{
      type: 'matrix',
      label: p.title,
      data: p.heatmap.cells,
      backgroundColor: (ctx: ScriptableContext<'matrix'>) => heatColor((ctx.raw as Cell | undefined)?.v ?? null, mid, max),
      borderWidth: 0,
      width: ({ chart }: { chart: Chart }) => Math.max(1, (chart.chartArea?.width ?? 0) / Math.max(1, columns.length) - 1),
      height: ({ chart }: { chart: Chart }) => Math.max(1, (chart.chartArea?.height ?? 0) / Math.max(1, rows.length) - 1),
      anchorX: 'left',
    }] as Config['data']['datasets'];
  }
  return p.datasets.map((d) => ({
    label: d.label,
    data: d.data,
    borderColor: d.color,
    backgroundColor: p.type === 'bar' || d.fill ? `${d.color}cc` : d.color,
    stepped: d.stepped ? 'before' : false, // chart.js's 'before': a value holds from its point to the next
    fill: d.fill === 'previous' ? '-1' : d.fill,
    pointRadius: 0,
    borderWidth: 1.5,
    spanGaps: false,
  })) as Config['data']['datasets'];
}

/**
 * What a chart is created with: a change of any of it creates the chart anew, while a change of
 * its data alone goes through update().
 */
interface ChartShape {
  type: PreparedChart['type'];
  xScale: PreparedChart['xScale'];
  xUnit: string;
  unit: string;
  stacked: boolean;
  legend: boolean;
  heatRows: string[] | null;
  timeZone: string;
}

function config(p: ChartShape): Config {
  const heat = p.heatRows !== null;
  const x = p.xScale === 'time'
    ? {
        type: 'time' as const, adapters: { date: { in: tz(p.timeZone) } }, offset: heat || p.type === 'bar', grid: { display: false },
        time: { displayFormats: { minute: 'HH:mm', hour: 'HH:mm', day: 'MMM d' }, tooltipFormat: 'yyyy-MM-dd HH:mm' },
      }
    : p.xScale === 'logarithmic'
      ? {
          type: 'logarithmic' as const, title: { display: Boolean(p.xUnit), text: p.xUnit },
          // 1, 2 and 5 of each decade only: the log scale's other ticks overlap at the top end.
          ticks: { maxRotation: 0, callback: (v: string | number) => (logTickShown(Number(v)) ? axisNumber(Number(v), '') : '') },
        }
      : { type: 'category' as const, ticks: { autoSkip: true, maxRotation: 60 } };
  const y = p.heatRows
    ? { type: 'category' as const, labels: p.heatRows, offset: true, ticks: { autoSkip: true, font: { size: 10 } }, grid: { display: false } }
    : {
        type: 'linear' as const, stacked: p.stacked, beginAtZero: true, title: { display: Boolean(p.unit), text: p.unit },
        ticks: { callback: (v: string | number) => axisNumber(Number(v), p.unit) },
      };
  return {
    type: p.type,
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: heat ? undefined : { xAxisKey: 'x', yAxisKey: 'y' },
      interaction: { mode: heat ? 'nearest' : 'index', intersect: heat },
      scales: { x: { ...x, stacked: p.stacked && p.type === 'bar' }, y },
      plugins: {
        legend: { display: p.legend, position: 'bottom' },
        tooltip: heat ? { callbacks: { label: (item) => `${(item.raw as Cell).y}: ${axisNumber((item.raw as Cell).v ?? NaN, p.unit)}` } } : {},
      },
    },
  } as Config;
}

/**
 * A view's chart (lib/metrics/views), drawn with chart.js: prepared by the pure prepareChart,
 * created once, updated when the data changes. "Table" shows its data; "CSV" downloads it.
 * Marks itself data-drawn once drawn (the browser tests wait for that).
 */
export function ViewChart({ chart, timeZone, height = 260 }: { chart: ViewChartData; timeZone: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const instance = useRef<Chart<'line' | 'bar' | 'matrix'> | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const [asTable, setAsTable] = useState(false);
  const prepared = useMemo(() => prepareChart(chart), [chart]);
  const table = useMemo(() => chartTable(chart, (v) => formatX(v, chart.x, timeZone)), [chart, timeZone]);
  const { type, xScale, xUnit, unit, stacked } = prepared;
  const legend = !prepared.heatmap && prepared.datasets.length > 1;
  // As a string, so that equal rows from new data keep the shape (and the chart) as it is.
  const heatRows = prepared.heatmap ? JSON.stringify(prepared.heatmap.rows) : null;
  const shape = useMemo<ChartShape>(
    () => ({ type, xScale, xUnit, unit, stacked, legend, heatRows: heatRows === null ? null : (JSON.parse(heatRows) as string[]), timeZone }),
    [type, xScale, xUnit, unit, stacked, legend, heatRows, timeZone],
  );

  useEffect(() => {
    if (!canvas.current) return;
    instance.current = new Chart(canvas.current, config(shape));
    return () => {
      instance.current?.destroy();
      instance.current = null;
    };
  }, [shape]);

  useEffect(() => {
    if (!instance.current) return;
    instance.current.data.datasets = datasets(prepared);
    instance.current.update();
    wrapper.current?.setAttribute('data-drawn', 'true');
    // On a new shape too: the chart created for it starts empty.
  }, [prepared, shape]);

  const rows = prepared.heatmap?.rows.length ?? 0;
  return (
    <figure className="view-chart" data-testid={`chart-${chart.id}`} ref={wrapper} data-empty={prepared.empty ? 'true' : 'false'}>
      <figcaption>
        <span className="view-chart-title">{chart.title}</span>
        <span className="view-chart-tools">
          <button type="button" className="link-button" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
            {asTable ? 'Chart' : 'Table'}
          </button>
          <CsvDownload fileName={`${chart.id}.csv`} table={table} testId={`csv-${chart.id}`} />
        </span>
      </figcaption>
      <div className="chart-box" style={{ height: prepared.heatmap ? Math.max(height, Math.min(900, 14 * rows + 60)) : height, display: asTable ? 'none' : undefined }}>
        <canvas ref={canvas} role="img" aria-label={chart.title} />
        {prepared.empty ? <div className="chart-empty muted">No data in this range</div> : null}
      </div>
      {asTable ? <DataTable columns={table.columns} rows={table.rows} unit={chart.unit} /> : null}
    </figure>
  );
}
