import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { splitCsvLine } from '@/lib/ingest/csv';
import type { FleetData } from '@/lib/metrics/fleetData';
import { buildDailyReport } from './build';
import { CSV_COLUMNS, reportCsv } from './csv';
import { flattenReport } from './flatten';
import type { DailyReport } from './types';

const H = 3_600_000;
// 08:00 Asia/Shanghai on 2025-03-01: two hours of one decode node.
const T0 = Date.parse('2025-03-01T00:00:00Z');
const data: FleetData = {
  window: { start: T0, end: T0 + 2 * H },
  intervals: [{ origin: 'node_events', node: 'n', state: 'decode', gpuType: 'H800', gpuCount: 8, start: T0, end: T0 + 2 * H }],
  counters: [],
  requests: [{ at: T0 + H, model: 'deepseek-r1', source: 'api', requests: 1, inputTokens: 0, cachedTokens: 0, outputTokens: 1e7, kvEntries: 0, speedSum: 0, speedWeight: 0, ttftMsSum: 0, ttftWeight: 0 }],
  outputSpeedBins: [],
  ttftBins: [],
  energy: [],
};
const report: DailyReport = {
  ...buildDailyReport(data, DEFAULT_PRICING, { date: '2025-03-01', timeZone: 'Asia/Shanghai', dayStart: '08:00' }), status: 'open', version: null,
};

/** The lines' cells, RFC 4180 as the ingest reads CSV (the report has no line break inside a cell). */
const parseCsv = (text: string): string[][] => text.trimEnd().split('\n').map((line) => {
  const cells = splitCsvLine(line);
  assert.ok(Array.isArray(cells), line);
  return cells;
});

const csv = parseCsv(reportCsv(report));
const rowsOf = (kind: string) => csv.slice(1).filter((r) => r[0] === kind);
const cellOf = (r: string[], column: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(column)];

test('the CSV is one table: one header, the same number of columns on every line, no blank line', () => {
  assert.deepEqual(csv[0], [...CSV_COLUMNS]);
  assert.equal(csv.filter((r) => r.join('') === 'row' + CSV_COLUMNS.slice(1).join('')).length, 1);
  for (const r of csv) assert.equal(r.length, CSV_COLUMNS.length, r.join(','));
  assert.ok(csv.every((r) => r.some((c) => c !== '')));
  assert.deepEqual([...new Set(csv.slice(1).map((r) => r[0]))], ['hour', 'day', 'figure']);
});

test('hourly rows are labelled on the report clock, as the page shows them, and add up to the day row', () => {
  assert.deepEqual(rowsOf('hour').map((r) => cellOf(r, 'label')), ['2025-03-01 08:00–09:00', '2025-03-01 09:00–10:00']);
  const [day] = rowsOf('day');
  assert.equal(cellOf(day, 'label'), '2025-03-01 08:00 – 2025-03-01 10:00 Asia/Shanghai (00:00–02:00 UTC)');
  assert.equal(cellOf(day, 'cost'), '32');
  assert.equal(rowsOf('hour').reduce((s, r) => s + Number(cellOf(r, 'cost')) * 100, 0) / 100, 32);
  assert.equal(cellOf(day, 'actual_revenue'), String(report.revenue.actual));
});

test('margins are in percent as on the page; the JSON keeps the fraction', () => {
  assert.equal(report.margin.actual, -0.3156); // (21.90 − 32) ÷ 32
  const [day] = rowsOf('day');
  assert.equal(cellOf(day, 'actual_margin'), '-31.6%');
  assert.equal(cellOf(rowsOf('hour')[1], 'actual_margin'), '36.9%'); // (21.90 − 16) ÷ 16 = 0.36875
  assert.equal(cellOf(rowsOf('hour')[0], 'actual_margin'), '-100.0%');
  const figures = new Map(rowsOf('figure').map((r) => [cellOf(r, 'label'), cellOf(r, 'value')]));
  assert.equal(figures.get('margin.actual'), '-31.6%');
  assert.equal(figures.get('margin.theoretical'), '-31.6%');
});

test('every other figure is a figure row named by its JSON path, with the status and version first', () => {
  const figures = rowsOf('figure');
  assert.deepEqual(figures.slice(0, 2).map((r) => [cellOf(r, 'label'), cellOf(r, 'value')]), [['status', 'open'], ['version', '']]);
  const expected = flattenReport(report, { hourly: false });
  assert.equal(figures.length, 2 + expected.length);
  const byName = new Map(figures.map((r) => [cellOf(r, 'label'), cellOf(r, 'value')]));
  assert.equal(byName.get('revenue.actual'), '21.9');
  assert.equal(byName.get('timeZone'), 'Asia/Shanghai');
  assert.ok(figures.every((r) => [2, 3, 4, 5, 6, 7].every((i) => r[i] === '')));
});

test('a version closed before the energy section says so in its CSV', () => {
  const { energy: _energy, ...older } = report;
  assert.match(reportCsv(older), /^figure,energy,,,,,,,not in this version$/m);
  assert.doesNotMatch(reportCsv(report), /not in this version/);
});
