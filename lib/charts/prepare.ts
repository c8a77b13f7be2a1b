import type { Chart } from '@/lib/metrics/views/types';

/** A series as chart.js draws it (colours chosen here, so the component only draws). */
export interface PreparedDataset {
  label: string;
  data: { x: number | string; y: number | null }[];
  color: string;
  stepped: boolean;
  /**
   * A stacked area fills down to the series below it ('previous'), the first to zero. Never
   * chart.js's 'stack' fill: it draws the lower edge of a stepped series as straight lines
   * between its points, so bands appear where the table has none.
   */
  fill: false | 'origin' | 'previous';
}

export interface PreparedHeatmap {
  cells: { x: number; y: string; v: number | null }[];
  rows: string[];
  columns: number[];
  /** The value shown as white (1.0 = the mean GPU) and the largest value (darkest). */
  mid: number;
  max: number;
}

/** Everything a chart component needs, as plain data (no functions: it crosses the server/client boundary). */
export interface PreparedChart {
  id: string;
  title: string;
  unit: string;
  xUnit: string;
  type: 'line' | 'bar' | 'matrix';
  xScale: 'time' | 'logarithmic' | 'category';
  stacked: boolean;
  datasets: PreparedDataset[];
  heatmap: PreparedHeatmap | null;
  /** True when there is nothing to draw. */
  empty: boolean;
}

export const PALETTE = ['#0b57b0', '#d4702a', '#2f8f5b', '#8e44ad', '#b8a000', '#c0392b', '#16a5a5', '#7f8c8d', '#e377c2', '#5c3d2e'];
const STATE_COLORS: Record<string, string> = { prefill: '#0b57b0', decode: '#2f8f5b', idle: '#b8a000', other: '#8e44ad', offline: '#7f8c8d' };

/** chart.js data for a view's chart: line/step/bar series, or a heatmap's cells. */
export function prepareChart(chart: Chart): PreparedChart {
  const xScale = chart.x === 'log' ? 'logarithmic' : chart.x;
  const base = { id: chart.id, title: chart.title, unit: chart.unit, xUnit: chart.xUnit ?? '', xScale, stacked: Boolean(chart.stacked) } as const;
  if (chart.kind === 'heatmap' && chart.heatmap) {
    const { rows, columns, values } = chart.heatmap;
    const cells = rows.flatMap((y, r) => columns.map((x, c) => ({ x, y, v: values[r][c] })));
    const seen = cells.map((c) => c.v).filter((v): v is number => v !== null);
    return { ...base, type: 'matrix', datasets: [], heatmap: { cells, rows, columns, mid: 1, max: Math.max(1, ...seen) }, empty: !seen.length };
  }
  const datasets = chart.series.map((s, i): PreparedDataset => ({
    label: s.label,
    data: s.points.map((p) => ({ x: p.x, y: p.y })),
    color: STATE_COLORS[s.key] ?? PALETTE[i % PALETTE.length],
    stepped: chart.kind === 'step',
    fill: chart.kind === 'step' && chart.stacked ? (i === 0 ? 'origin' : 'previous') : false,
  }));
  const empty = !datasets.some((d) => d.data.some((p) => p.y !== null && p.y !== 0));
  return { ...base, type: chart.kind === 'bar' ? 'bar' : 'line', datasets, heatmap: null, empty };
}

/** A heatmap cell's colour: white at the mean, towards red above it, towards blue below. */
export function heatColor(v: number | null, mid: number, max: number): string {
  if (v === null) return 'rgba(0,0,0,0.04)';
  if (v >= mid) {
    const t = max > mid ? Math.min(1, (v - mid) / (max - mid)) : 0;
    return `rgba(192,57,43,${(0.08 + 0.92 * t).toFixed(3)})`;
  }
  const t = Math.min(1, (mid - v) / mid);
  return `rgba(11,87,176,${(0.08 + 0.92 * t).toFixed(3)})`;
}
