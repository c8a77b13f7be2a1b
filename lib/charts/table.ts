import type { Chart, Table } from '@/lib/metrics/views/types';

export type Cell = string | number | null;

/** A chart's data as a table ("view as table"): one row per x, one column per series (or heatmap column). */
export function chartTable(chart: Chart, formatX: (x: number | string) => string): { columns: string[]; rows: Cell[][] } {
  if (chart.kind === 'heatmap' && chart.heatmap) {
    const { rows, columns, values } = chart.heatmap;
    return { columns: ['GPU', ...columns.map(formatX)], rows: rows.map((label, r) => [label, ...values[r]]) };
  }
  const xs: (number | string)[] = [];
  const seen = new Set<number | string>();
  for (const s of chart.series) {
    for (const p of s.points) {
      if (seen.has(p.x)) continue;
      seen.add(p.x);
      xs.push(p.x);
    }
  }
  if (xs.every((x) => typeof x === 'number')) (xs as number[]).sort((a, b) => a - b);
  const bySeries = chart.series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  return {
    columns: [chart.x === 'time' ? 'time' : chart.x === 'log' ? (chart.xUnit ?? 'value') : 'label', ...chart.series.map((s) => s.label)],
    rows: xs.map((x) => [formatX(x), ...bySeries.map((m) => m.get(x) ?? null)]),
  };
}

/** A view's table as header, rows and each column's unit. */
export const viewTable = (table: Table): { columns: string[]; rows: Cell[][]; units: (string | undefined)[] } => ({
  columns: table.columns.map((c) => c.label),
  rows: table.rows.map((r) => table.columns.map((c) => r[c.key] ?? null)),
  units: table.columns.map((c) => c.unit),
});
