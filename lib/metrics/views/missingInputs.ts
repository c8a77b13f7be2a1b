import type { MissingField } from '@/lib/ingest/format';
import type { MissingInput } from '@/lib/metrics/missingFields';
import type { Chart, View } from './types';

/** What each missing measurement takes away from a view: its figures, chart series and table columns. */
const DEPENDS: Record<MissingField, { figures: string[]; series: string[]; charts: string[]; columns: string[] }> = {
  cache: {
    figures: ['tokens.cacheHitRatio', 'tokens.cached'],
    series: ['cached'],
    charts: ['hit-ratio', 'hit-ratio-by-model-source'],
    columns: ['cached', 'hitRatio'],
  },
};

const WHY: Record<MissingField, string> = { cache: 'carry no prefix-cache information' };

const blankChart = (chart: Chart, all: boolean, series: string[]): Chart => ({
  ...chart,
  series: chart.series.map((s) => (all || series.includes(s.key) ? { ...s, points: s.points.map((p) => ({ ...p, y: null })) } : s)),
});

/**
 * A view whose inputs lack a measurement shows it as "no data" and why, never as 0 (the records
 * of such formats store 0 where they know nothing).
 */
export function withMissingInputs(view: View, missing: MissingInput[]): View {
  let out = view;
  for (const { field, formats } of missing) {
    const d = DEPENDS[field];
    const note = `${formats.join(', ')} files ${WHY[field]}`;
    const figures = { ...out.figures };
    for (const key of d.figures) if (figures[key]) figures[key] = { ...figures[key], value: null, absent: 'no data', note };
    out = {
      ...out,
      figures,
      charts: out.charts.map((c) => (d.charts.includes(c.id) || c.series.some((s) => d.series.includes(s.key)) ? blankChart(c, d.charts.includes(c.id), d.series) : c)),
      tables: out.tables.map((t) => ({ ...t, rows: t.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, d.columns.includes(k) ? null : v]))) })),
      notes: [...out.notes, `No data on prefix-cache hits in this range: ${note}.`],
    };
  }
  return out;
}
