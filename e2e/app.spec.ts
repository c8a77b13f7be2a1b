import { test, expect } from './auth';
import type { Page } from '@playwright/test';

/** Errors the page logs or throws (a hydration mismatch, a failed chunk) fail the test. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  return errors;
}

test('GET /api/health answers 200 with the database up and migrated', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  const body = await response.json();
  expect(body).toEqual({ ok: true, database: 'up', migrations: expect.any(Number) });
  expect(body.migrations).toBeGreaterThan(0);
});

test('the overview renders in the app shell with the navigation', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  await expect(page).toHaveTitle('FleetLedger');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  // Empty database: how to load data; once another spec loaded some, the fleet overview.
  await expect(page.getByTestId('empty-state').or(page.getByTestId('view-overview'))).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Upload' })).toBeVisible();
  await page.screenshot({ path: 'test-results/overview.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('the navigation moves between pages and marks the current one', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Upload' }).click();
  await expect(page).toHaveURL(/\/upload$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Upload' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Upload' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Overview' })).not.toHaveAttribute('aria-current', 'page');
  expect(errors).toEqual([]);
});
