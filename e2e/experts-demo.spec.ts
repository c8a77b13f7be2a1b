import { test, expect } from '@playwright/test';
import { closeDb, createDb, type Db } from '@/lib/db/client';
import { loadDemo, removeDemo } from '@/lib/demo/demo';
import { e2eDatabaseUrl } from './database';

// The demo's first hour (its expert loads included) in the shared database, removed afterwards.
// Prefill only: e2e/fleet.spec.ts stores its own decode balancer settings.
const QUERY = 'from=2025-02-27T04:00:00Z&to=2025-02-27T05:00:00Z&tz=UTC&phase=prefill&layer=0';

let db: Db;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  db = createDb(e2eDatabaseUrl(), 4);
  const { summary } = await loadDemo(db, { settings: { hours: 1 }, log: () => undefined });
  expect(summary.error).toBeUndefined();
});
test.afterAll(async () => {
  await removeDemo(db);
  await closeDb(db);
});

test('the demo has expert loads and the Experts page draws them, placed by EPLB with the default settings', async ({ page }) => {
  await page.goto(`/experts?${QUERY}`);
  const view = page.getByTestId('view-experts');
  await expect(view).toBeVisible();
  await expect(page.getByText('EPLB cannot place')).toHaveCount(0);
  await expect(page.getByTestId('figure-experts.tokens')).not.toHaveAttribute('data-value', '');
  await expect(page.getByTestId('figure-experts.balancedness.observed')).not.toHaveAttribute('data-value', '');
  await expect(page.getByTestId('figure-experts.balancedness.eplb')).not.toHaveAttribute('data-value', '');
  await expect(page.locator('.view-chart')).toHaveCount(3);
  await expect(page.locator('.view-chart[data-drawn="true"]')).toHaveCount(3);
  // One prefill unit: EP32, so EPLB's placement has a row per GPU.
  await expect(page.getByTestId('table-placement').locator('tbody tr')).toHaveCount(32);
  await expect(page.getByTestId('table-layers')).toContainText('57');
  await page.screenshot({ path: 'test-results/experts-demo.png', fullPage: true });
});
