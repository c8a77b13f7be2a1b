import { readFileSync } from 'node:fs';
import { test, expect } from './auth';
import type { Page } from '@playwright/test';
import { createApiToken } from '@/lib/auth/tokens';
import { closeDb, createDb } from '@/lib/db/client';
import type { View } from '@/lib/metrics/views/types';
import { TEST_FLEET } from '@/lib/metrics/views/testFleet';
import { recordToJsonLine } from '@/lib/simulate/serialize';
import { e2eDatabaseUrl } from './database';

// The small fleet of lib/metrics/views/testFleet.ts (2025-03-05 00:00–02:00 UTC), every page
// over those two hours, each page's cards against GET /api/v1/metrics/<view> for the same query.
const RANGE = 'from=2025-03-05T00:00:00Z&to=2025-03-05T02:00:00Z&tz=UTC&step=1h';
const PAGES: { path: string; view: View['view']; extra?: string }[] = [
  { path: '/', view: 'overview' },
  { path: '/throughput', view: 'throughput' },
  { path: '/cache', view: 'cache' },
  { path: '/kv', view: 'kv' },
  { path: '/nodes', view: 'nodes' },
  { path: '/latency', view: 'latency' },
  { path: '/balance', view: 'balance', extra: '&role=decode&objective=kv' },
  { path: '/experts', view: 'experts', extra: '&phase=decode&layer=0' },
];

let token: string;

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  return errors;
}

test.beforeAll(async ({ request }) => {
  const response = await request.post('/api/ingest?file=fleet-views.jsonl', { data: TEST_FLEET.map(recordToJsonLine).join('\n') + '\n' });
  expect(response.status()).toBe(200);
  expect((await response.json()).files[0].rejected).toBe(0);
  const db = createDb(e2eDatabaseUrl(), 1);
  token = (await createApiToken(db, 'e2e-fleet')).token;
  await closeDb(db);
  // The decode unit of the test fleet: 2 GPUs on one node, 2 groups of its 4 experts, 2 redundant slots.
  const saved = await request.put('/api/balancer-settings/decode', { data: { groups: 2, nodes: 1, gpus: 2, redundant: 2 } });
  expect(saved.status()).toBe(200);
});

for (const { path, view, extra = '' } of PAGES) {
  test(`${view}: the cards show the API's figures and every chart draws`, async ({ page, request }) => {
    const errors = collectPageErrors(page);
    const query = `${RANGE}${extra}`;
    const api = await request.get(`/api/v1/metrics/${view}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status()).toBe(200);
    const body = (await api.json()) as View;
    await page.goto(`${path}?${query}`);
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
    expect(Object.keys(body.figures).length).toBeGreaterThan(0);
    for (const [name, figure] of Object.entries(body.figures)) {
      await expect(page.getByTestId(`figure-${name}`), name).toHaveAttribute('data-value', figure.value === null ? '' : String(figure.value));
    }
    await expect(page.locator('.view-chart')).toHaveCount(body.charts.length);
    await expect(page.locator('.view-chart[data-drawn="true"]')).toHaveCount(body.charts.length);
    await expect(page.getByTestId('stale-banner')).toBeVisible(); // the fleet is in 2025
    await page.screenshot({ path: `test-results/fleet-${view}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('figures a person can check by hand', async ({ page }) => {
  // Narrowed to p1 (another spec's prefill node is in service all the time too).
  await page.goto(`/throughput?${RANGE}&node=p1`);
  await expect(page.getByTestId('figure-tokens.input')).toHaveAttribute('data-value', '216000');
  await expect(page.getByTestId('figure-throughput.prefillPerNode')).toHaveAttribute('data-value', '30');
  await page.goto(`/experts?${RANGE}&phase=decode&layer=0`);
  await expect(page.getByTestId('figure-experts.balancedness.eplb')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('figure-experts.balancedness.observed')).toHaveAttribute('data-value', '0.625');
});

test('the range picker keeps the range in the URL; a chart shows as a table and downloads as CSV', async ({ page }) => {
  await page.goto(`/nodes?${RANGE}`);
  await page.getByRole('button', { name: 'Last 7d' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page).not.toHaveURL(/from=/);
  await page.goto(`/nodes?${RANGE}`);
  const chart = page.getByTestId('chart-node-count');
  await expect(chart).toHaveAttribute('data-drawn', 'true');
  await chart.getByRole('button', { name: 'Table' }).click();
  await expect(chart.locator('table.data')).toBeVisible();
  await expect(chart.locator('table.data thead th').first()).toHaveText('time');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-node-count').click()]);
  const csv = readFileSync((await download.path()) as string, 'utf8');
  expect(csv.split('\n')[0]).toBe('time,prefill,decode,idle,other,offline');
  await page.getByRole('combobox', { name: 'Auto-refresh' }).selectOption('60');
  await expect(page).toHaveURL(/refresh=60/);
});
