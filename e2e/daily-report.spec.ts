import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from './auth';
import type { Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { splitCsvLine } from '@/lib/ingest/csv';
import { flattenReport } from '@/lib/report/flatten';
import { numberText, percentText, tokensText, usdText } from '@/lib/report/format';
import type { DailyReport } from '@/lib/report/types';
import { smallFleetJsonl } from './fleet';

const reportPath = '/reports/daily/2025-03-03?tz=UTC&dayStart=00:00';

async function download(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync((await file.path()) as string);
}

/** The CSV's one table: figure rows as figure → value, and the hourly rows by column. */
function readCsv(text: string): { figures: Map<string, string>; hourly: Record<string, string>[]; columns: number[] } {
  const lines = text.trimEnd().split('\n').map((line) => splitCsvLine(line) as string[]);
  const [head, ...rows] = lines;
  const named = rows.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i]])));
  return {
    figures: new Map(named.filter((r) => r.row === 'figure').map((r) => [r.label, r.value])),
    hourly: named.filter((r) => r.row === 'hour'),
    columns: lines.map((cells) => cells.length),
  };
}

/** The PDF's text as `pdftotext -layout` lays it out (columns kept on their lines), pages split by form feeds. */
function pdfLayoutText(pdf: Buffer, name: string): string {
  const file = `test-results/${name}.pdf`;
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** A line of the layout text holding these cells in this order, separated by spaces only. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
const cellsInLine = (...cells: string[]) => new RegExp(String.raw`^\s*` + cells.map(escapeRegExp).join(String.raw`\s+`) + String.raw`\s*$`, 'm');

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= document.numPages; i++) {
    const content = await (await document.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n').replace(/\s+/g, ' ');
}

test.beforeAll(async ({ request }) => {
  const response = await request.post('/api/ingest?file=e2e-report.jsonl', { data: smallFleetJsonl('2025-03-03', 'e2e-report') });
  expect(response.status()).toBe(200);
  expect((await response.json()).files[0].rejected).toBe(0);
});

test('the daily report page, its CSV and its PDF show the figures of the JSON report', async ({ page, request }) => {
  test.setTimeout(90_000);
  const report = (await (await request.get(reportPath.replace('?', '/json?'))).json()) as DailyReport;
  expect(report.cost.total).toBe(144); // 72 GPU-hours at $2
  expect(report.revenue.theoretical).toBe(21.82);

  await page.goto(reportPath);
  await expect(page.getByRole('heading', { level: 1, name: 'Daily report 2025-03-03' })).toBeVisible();
  await expect(page.getByTestId('cost-total')).toHaveText(usdText(report.cost.total));
  await expect(page.locator('[data-print-ready="true"]')).toHaveCount(1); // the chart drew

  const csv = readCsv((await download(page, 'download-csv')).toString('utf8'));
  const expected = flattenReport(report, { hourly: false });
  expect(expected.length).toBeGreaterThan(40);
  for (const [figure, value] of expected) {
    if ((figure === 'margin.theoretical' || figure === 'margin.actual') && typeof value === 'number') expect(csv.figures.get(figure), figure).toBe(percentText(value));
    else expect(csv.figures.get(figure), figure).toBe(value === null ? '' : String(value));
  }
  expect(csv.figures.get('status')).toBe('open');
  expect(new Set(csv.columns)).toEqual(new Set([9]));
  expect(csv.hourly.map((h) => Number(h.cost))).toEqual(report.hourly.map((h) => h.cost));
  expect(csv.hourly.map((h) => Number(h.theoretical_revenue))).toEqual(report.hourly.map((h) => h.theoreticalRevenue));
  expect(csv.hourly.map((h) => Number(h.actual_revenue))).toEqual(report.hourly.map((h) => h.actualRevenue));
  expect(csv.hourly.map((h) => h.theoretical_margin)).toEqual(report.hourly.map((h) => percentText(h.theoreticalMargin)));
  expect(csv.hourly[0].label).toBe('2025-03-03 00:00–01:00');

  const pdf = await download(page, 'download-pdf');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = await pdfText(pdf);
  for (const figure of [usdText(report.cost.total), usdText(report.revenue.theoretical), usdText(report.revenue.actual), usdText(report.revenue.gap.total), percentText(report.margin.theoretical)]) {
    expect(text, figure).toContain(figure);
  }
  for (const hour of report.hourly) expect(text).toContain(usdText(hour.theoreticalRevenue));
  expect(text).toContain('Cost and theoretical income, hourly');

  // Laid out as signed: every column header of every table whole on its line, the totals, the pricing, the footer.
  const layout = pdfLayoutText(pdf, 'report-2025-03-03');
  const pages = layout.split('\f').filter((p) => p.trim());
  expect(layout).toMatch(cellsInLine('Hour (UTC)', 'Nodes', 'Cost', 'Theoretical', 'Actual', 'Margin (theor.)', 'Margin (actual)'));
  expect(layout).toMatch(cellsInLine('Model', 'Source', 'Requests', 'Input', 'Output', 'Actual revenue'));
  expect(layout).toMatch(cellsInLine('State', 'Node-hours', 'GPU-hours', 'Cost'));
  expect(layout).toMatch(cellsInLine('Role', 'kWh', 'Energy cost', 'GPU cost'));
  for (const u of report.usage) {
    expect(layout).toMatch(cellsInLine(u.model ?? '(none)', u.source ?? '(none)', numberText(u.requests), tokensText(u.input), tokensText(u.output), u.actualRevenue === null ? 'unpriced' : usdText(u.actualRevenue)));
  }
  const dayTotals = cellsInLine('Day', numberText(report.nodes.avg, 2), usdText(report.cost.total), usdText(report.revenue.theoretical), usdText(report.revenue.actual), percentText(report.margin.theoretical), percentText(report.margin.actual));
  expect(layout.split('\n').filter((line) => dayTotals.test(line))).toHaveLength(1); // once, not repeated on every page
  expect(layout).toContain('2025-03-03 00:00 – 2025-03-04 00:00 UTC');
  expect(layout).toContain('Pricing assumptions');
  expect(layout).toMatch(/Billable sources: api \(other sources are free traffic\)/);
  expect(layout).toMatch(cellsInLine('H800', '$2.00', 'always'));
  expect(layout).toMatch(cellsInLine('deepseek-r1', '$0.14', '$0.55', '$2.19', 'always'));
  expect(layout).toMatch(cellsInLine('deepseek-v3', '$0.07', '$0.27', '$1.10', 'always'));
  expect(layout).toMatch(/00:30–08:30 Asia\/Shanghai\s+deepseek-r1 75% off, deepseek-v3 50% off/);
  pages.forEach((p, i) => {
    expect(p).toMatch(new RegExp(`page ${i + 1} of ${pages.length}\\s*$`));
    expect(p).toMatch(/FleetLedger daily report 2025-03-03 \(open, live figures\) · generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });
  expect(pages.length).toBeGreaterThan(1);

  await page.goto(reportPath.replace('?', '?print=1&'));
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 718, height: 1000 });
  await page.screenshot({ path: 'test-results/report-print-2025-03-03.png', fullPage: true });
});

test('closing the day asks for confirmation of the day, zone and totals, then freezes it as version 1', async ({ page, request }) => {
  const path = reportPath.replace('03-03', '03-04');
  const report = (await (await request.get(path.replace('?', '/json?'))).json()) as DailyReport;
  // e2e/finance.spec.ts sets the organisation's day to 06:00 for a moment, when 00:00 UTC cannot be closed.
  await expect(async () => {
    await page.goto(path);
    await page.getByRole('button', { name: 'Close day…' }).click({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const confirm = page.getByRole('dialog', { name: 'Close 2025-03-04' });
  await expect(confirm).toContainText('2025-03-04 00:00 – 2025-03-05 00:00 UTC');
  await expect(confirm).toContainText(usdText(report.cost.total));
  await expect(confirm).toContainText(usdText(report.revenue.theoretical));
  await expect(confirm).toContainText(usdText(report.revenue.actual));
  await page.screenshot({ path: 'test-results/report-close-confirm.png', fullPage: true });

  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('report-status')).toHaveText('open · live figures'); // nothing closed without confirming

  await page.getByRole('button', { name: 'Close day…' }).click();
  await page.getByRole('button', { name: 'Close 2025-03-04 with these figures' }).click();
  await expect(page.getByTestId('report-status')).toHaveText('closed · version 1');
  await expect(page.getByRole('link', { name: 'v1' })).toBeVisible();
  await expect(page.getByTestId('report-closed')).toHaveText(/^Closed \d{4}-\d\d-\d\d \d\d:\d\d UTC by admin@e2e\.test\.$/);

  // A closed version is printed once and stored: two prints would differ (creation time), the stored copy cannot.
  const pdfPath = path.replace('?', '/pdf?');
  const [first, second] = [await request.get(pdfPath), await request.get(pdfPath)];
  expect([first.status(), second.status()]).toEqual([200, 200]);
  const firstPdf = await first.body();
  expect(firstPdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect((await second.body()).equals(firstPdf)).toBe(true);
});
