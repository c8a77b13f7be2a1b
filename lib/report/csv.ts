import { writeCsv } from '@/lib/csv/writeCsv';
import { flattenReport, type Leaf } from './flatten';
import { hourText, NOT_IN_VERSION, percentText, reportWindowText } from './format';
import type { DailyReport } from './types';

type Cell = string | number | null;

/** The columns of the one table: what the row is, its label, the hourly figures, a figure's value. */
export const CSV_COLUMNS = ['row', 'label', 'nodes', 'cost', 'theoretical_revenue', 'actual_revenue', 'theoretical_margin', 'actual_margin', 'value'] as const;

const MARGINS = new Set(['margin.theoretical', 'margin.actual']);
/** A margin as the page shows it ("545.5%"); empty where there is none (no cost). */
const percentCell = (fraction: number | null): Cell => (fraction === null ? null : percentText(fraction));

const figureRow = (figure: string, value: Leaf): Cell[] => [
  'figure', figure, null, null, null, null, null, null,
  MARGINS.has(figure) ? percentCell(value as number | null) : typeof value === 'boolean' ? String(value) : value,
];

/**
 * The report as one CSV table (one header, nine columns on every line), the first column saying
 * what each row is: `hour` rows labelled on the report's clock as the page shows them, the `day`
 * row with the totals, then every other figure as a `figure` row named by its JSON path
 * (tokens.input, cost.total …) with its value. Dollars to the cent as in the JSON; margins in
 * percent as on the page (the JSON keeps the fractions).
 */
export function reportCsv(report: DailyReport): string {
  const hours: Cell[][] = report.hourly.map((h) => [
    'hour', hourText(h.start, h.end, report.timeZone), h.nodes, h.cost, h.theoreticalRevenue, h.actualRevenue,
    percentCell(h.theoreticalMargin), percentCell(h.actualMargin), null,
  ]);
  const day: Cell[] = [
    'day', reportWindowText(report.window, report.timeZone), report.nodes.avg, report.cost.total, report.revenue.theoretical, report.revenue.actual,
    percentCell(report.margin.theoretical), percentCell(report.margin.actual), null,
  ];
  const figures = [
    figureRow('status', report.status),
    figureRow('version', report.version),
    ...flattenReport(report, { hourly: false }).map(([path, value]) => figureRow(path, value)),
    ...(report.energy ? [] : [figureRow('energy', NOT_IN_VERSION)]),
  ];
  return writeCsv({ columns: [...CSV_COLUMNS], rows: [...hours, day, ...figures] });
}
