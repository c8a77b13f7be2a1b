import { flattenReport, type Leaf } from './flatten';
import { NOT_IN_VERSION } from './format';
import type { DailyReport } from './types';

const cell = (value: Leaf | undefined): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const line = (cells: (Leaf | undefined)[]) => cells.map(cell).join(',');

export const HOURLY_COLUMNS = ['start', 'end', 'nodes', 'cost', 'theoreticalRevenue', 'actualRevenue', 'theoreticalMargin', 'actualMargin'] as const;

/**
 * The report as CSV, in two blocks separated by a blank line: every figure as `figure,value`
 * (the dotted path of the JSON report: tokens.input, cost.total …), then the hourly rows.
 * Dollars to the cent, ratios as fractions, exactly as in the JSON.
 */
export function reportCsv(report: DailyReport): string {
  const head = [line(['figure', 'value']), line(['status', report.status]), line(['version', report.version])];
  const figures = flattenReport(report, { hourly: false }).map(([path, value]) => line([path, value]));
  if (!report.energy) figures.push(line(['energy', NOT_IN_VERSION]));
  const hours = [line([...HOURLY_COLUMNS]), ...report.hourly.map((h) => line(HOURLY_COLUMNS.map((c) => h[c])))];
  return [...head, ...figures, '', ...hours].join('\n') + '\n';
}
