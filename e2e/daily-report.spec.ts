import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { splitCsvLine } from '@/lib/ingest/csv';
import { flattenReport } from '@/lib/report/flatten';
import { percentText, usdText } from '@/lib/report/format';
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
    if (figure.startsWith('margin.') && typeof value === 'number') expect(csv.figures.get(figure), figure).toBe(percentText(value));
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
});

test('closing the day freezes it as version 1, with its downloads', async ({ page }) => {
  await page.goto(reportPath.replace('03-03', '03-04'));
  await page.getByRole('button', { name: 'Close day' }).click();
  await expect(page.getByTestId('report-status')).toHaveText('closed · version 1');
  await expect(page.getByRole('link', { name: 'v1' })).toBeVisible();
});
