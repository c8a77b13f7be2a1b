import { test, expect } from './auth';
import type { Page } from '@playwright/test';
import { chartsDrawn, drawnChart, offeredTable, sameAsShown, wrongBands } from './charts';

// The demo server (playwright.config.ts): the demo day loaded into a fresh organisation, as a new
// user's `npm start` shows it. DeepSeek's day runs 2025-02-27 12:00 to 2025-02-28 12:00 Beijing time.
const PAGES = ['/', '/throughput', '/cache', '/kv', '/nodes', '/latency', '/balance', '/experts', '/finance', '/reports', '/upload', '/settings'];
const FLEET_PAGES = ['/', '/throughput', '/cache', '/kv', '/nodes', '/latency', '/balance', '/experts'];
const VIEWPORTS = [{ name: 'desktop', width: 1440, height: 900 }, { name: 'phone', width: 390, height: 844 }];

const shotName = (path: string) => (path === '/' ? 'overview' : path.slice(1).replaceAll('/', '-'));

function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

for (const path of FLEET_PAGES) {
  test(`${path}: every chart draws exactly the table it offers`, async ({ page }) => {
    test.setTimeout(90_000);
    const errors = pageErrors(page);
    await page.goto(path);
    const charts = await chartsDrawn(page);
    expect(charts).toBeGreaterThan(0);
    for (const figure of await page.locator('.view-chart').all()) {
      const id = await figure.getAttribute('data-testid');
      const drawn = await drawnChart(figure);
      if (drawn.heatmap) continue; // a heatmap's table is its cells, checked by lib/charts/prepare.test.ts
      const table = await offeredTable(figure);
      expect(table.header.slice(1), `${id}: the table's columns are the chart's series`).toEqual(drawn.labels);
      expect(table.rows.length, `${id}: a table row per x`).toBe(drawn.rows.length);
      drawn.rows.forEach((row, j) => row.forEach((y, i) => {
        expect(sameAsShown(table.rows[j][i], y), `${id} row ${j} ${drawn.labels[i]}: table ${table.rows[j][i]}, chart ${y}`).toBe(true);
      }));
      if (drawn.stacked && drawn.type === 'line') {
        expect(await wrongBands(figure), `${id}: every band drawn as high as its value`).toEqual([]);
      }
    }
    expect(errors).toEqual([]);
  });
}

test('nodes by state: the stacked chart is its table at every step (no idle band, "other" only in the afternoon)', async ({ page }) => {
  await page.goto('/nodes?step=1h');
  await chartsDrawn(page);
  const chart = page.getByTestId('chart-node-count');
  const drawn = await drawnChart(chart);
  const idle = drawn.labels.indexOf('idle');
  expect(drawn.rows.every((r) => r[idle] === 0)).toBe(true);
  expect(await wrongBands(chart)).toEqual([]);
  await chart.screenshot({ path: 'test-results/demo-nodes-by-state.png' });
});

test('Finance and Reports open on the whole demo day under its own convention', async ({ page }) => {
  await page.goto('/finance');
  await expect(page.locator('input[name="date"]')).toHaveValue('2025-02-27');
  await expect(page.locator('input[name="tz"]')).toHaveValue('Asia/Shanghai');
  await expect(page.locator('input[name="dayStart"]')).toHaveValue('12:00');
  await expect(page.getByTestId('partial-day')).toHaveCount(0);
  await expect(page.getByTestId('cost-total')).toHaveText('$87,072.00');
  await expect(page.getByTestId('nodes-avg')).toHaveText('226.75');
  // The day after has an hour of data at most: marked partial, never passed off as a day.
  await page.goto('/finance?date=2025-02-28');
  await expect(page.getByTestId('partial-day')).toBeVisible();
  await page.goto('/reports');
  await expect(page).toHaveURL(/\/reports\/monthly\/2025-02/);
  const row = (date: string) => page.locator('tr', { has: page.getByRole('link', { name: date, exact: true }) });
  await expect(row('2025-02-27').getByTestId('partial-day-badge')).toHaveCount(0);
  // The demo's last samples end at 12:00 Beijing time: the day after holds nothing.
  await expect(row('2025-02-28').getByTestId('partial-day-badge')).toHaveText('no data');
  await expect(row('2025-02-26').getByTestId('partial-day-badge')).toHaveText('no data');
  await page.goto('/reports/daily/2025-02-28');
  await expect(page.getByTestId('partial-day')).toBeVisible();
});

test('coverage says how much of a week has data, and the cards say they cover less', async ({ page }) => {
  await page.goto('/?range=7d');
  await expect(page.getByTestId('view-coverage')).toContainText('data for 24 h of 7 d (14%)');
  await expect(page.getByTestId('coverage-banner')).toBeVisible();
  await expect(page.getByTestId('figure-partial-nodes.avg')).toHaveText('data for 14% of the range');
  await page.goto('/?range=24h');
  await expect(page.getByTestId('view-coverage')).toContainText('(100%)');
  await expect(page.getByTestId('coverage-banner')).toHaveCount(0);
});

test('prefill attention imbalance from 0.02%-sampled requests is no data, with its sample size', async ({ page }) => {
  await page.goto('/balance?role=prefill');
  await expect(page.getByTestId('figure-imbalance.prefill.attention')).toHaveAttribute('data-value', '');
  await expect(page.getByTestId('figure-note-imbalance.prefill.attention')).toContainText('sampled requests');
  const drawn = await drawnChart(page.getByTestId('chart-imbalance'));
  const highest = Math.max(...drawn.rows.flat().filter((v): v is number => v !== null));
  expect(highest).toBeLessThan(3); // counter objectives near 1×, not flattened by sampling noise
});

test('the picker applies typed dates with Apply, on the 24-hour clock of the zone, and says the range in that zone', async ({ page }) => {
  await page.goto('/nodes');
  await expect(page.getByTestId('window-caption')).toHaveText('2025-02-27 12:00 – 2025-02-28 12:00 Asia/Shanghai');
  await page.getByRole('textbox', { name: 'From', exact: true }).fill('2025-02-27 18:00');
  await page.getByRole('textbox', { name: 'To', exact: true }).fill('2025-02-28 06:00');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/from=2025-02-27T10%3A00%3A00.000Z&to=2025-02-27T22%3A00%3A00.000Z/);
  await expect(page.getByTestId('window-caption')).toHaveText('2025-02-27 18:00 – 2025-02-28 06:00 Asia/Shanghai');
  await page.getByRole('textbox', { name: 'From', exact: true }).fill('02/27/2025, 06:00 PM');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.picker-problem')).toContainText('YYYY-MM-DD HH:MM');
  await expect(page).toHaveURL(/from=2025-02-27T10%3A00%3A00.000Z/); // nothing applied
});

for (const { name, width, height } of VIEWPORTS) {
  test(`every page renders at ${width}×${height} without errors (screenshots kept)`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    const errors = pageErrors(page);
    for (const path of PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      if (FLEET_PAGES.includes(path)) await chartsDrawn(page);
      await page.screenshot({ path: `test-results/demo-${name}-${shotName(path)}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(1);
    }
    expect(errors).toEqual([]);
  });
}
