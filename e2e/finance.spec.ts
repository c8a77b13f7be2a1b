import { test, expect } from './auth';
import { smallFleetJsonl } from './fleet';

// A day before every other spec's data: the specs share one server and run in any order, and a
// node left in service by another spec counts on every day after its last event.
test.beforeAll(async ({ request }) => {
  const response = await request.post('/api/ingest?file=e2e-finance.jsonl', { data: smallFleetJsonl('2020-06-15', 'e2e-finance') });
  expect(response.status()).toBe(200);
});

test('the finance page shows the day, its chart, and a what-if that moves with the GPU rate', async ({ page }) => {
  await page.goto('/finance?date=2020-06-15&tz=UTC&dayStart=00:00');
  await expect(page.getByRole('heading', { level: 1, name: 'Finance' })).toBeVisible();
  await expect(page.getByTestId('cost-total')).toHaveText('$144.00');
  await expect(page.locator('[data-print-ready="true"]')).toHaveCount(1);
  await expect(page.getByTestId('what-if-Cost')).toHaveText('$144.00');
  await page.getByTestId('what-if-rate').fill('1');
  await expect(page.getByTestId('what-if-Cost')).toHaveText('$72.00');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  // The month page sums every day of the month: give it longer than the default on a loaded machine.
  await expect(page).toHaveURL(/\/reports\/monthly\//, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Month', { timeout: 30_000 });
});

test('the month of a day sums it', async ({ page }) => {
  await page.goto('/reports/monthly/2020-06?tz=UTC&dayStart=00:00');
  await expect(page.getByRole('link', { name: '2020-06-15' })).toBeVisible();
});

test('settings: a bad pricing file is refused with the field named; the day setting is saved and audited', async ({ page }) => {
  await page.goto('/settings');
  const pricing = page.getByRole('region', { name: 'Pricing' });
  const day = page.getByRole('region', { name: 'Organisation day' });
  await page.getByTestId('pricing-import').setInputFiles({
    name: 'bad.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'fleetledger-pricing', version: 1, referenceModel: 'deepseek-r1', billableSources: ['api'], rateCards: [{ gpuType: 'H800', usdPerGpuHour: 'cheap', effectiveFrom: '1970-01-01T00:00:00Z', effectiveTo: null }], priceBooks: [], offPeakWindows: [] })),
  });
  await expect(pricing.getByRole('alert')).toContainText('rateCards.0.usdPerGpuHour: not an amount: "cheap"');
  await expect(page.getByTestId('audit-log')).not.toContainText('pricing.import');
  const zone = page.getByRole('textbox', { name: 'Time zone (IANA)' });
  await zone.fill('Mars/Base');
  await page.getByRole('button', { name: 'Save day' }).click();
  await expect(day.getByRole('alert')).toContainText('unknown time zone');
  await zone.fill('UTC');
  await page.getByRole('textbox', { name: 'Day starts (HH:MM)' }).fill('06:00');
  await page.getByRole('button', { name: 'Save day' }).click();
  await expect(page.getByTestId('audit-log')).toContainText('settings.update');
  await page.getByRole('textbox', { name: 'Day starts (HH:MM)' }).fill('00:00');
  await page.getByRole('button', { name: 'Save day' }).click();
  await expect(day.getByRole('status')).toHaveText('Saved');
});
