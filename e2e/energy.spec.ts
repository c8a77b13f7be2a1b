import { test, expect } from './auth';
import { smallFleetJsonl } from './fleet';

// The small fleet's GPUs draw 400 W: p1 2 GPUs × 24 h = 19.2 kWh, d1 2 × 12 h = 9.6 kWh. The
// electricity rate set here applies to this spec's day only, so other specs' reports do not move.
const DAY = '2025-03-07';
const NODES = `from=${DAY}T00:00:00Z&to=2025-03-08T00:00:00Z&tz=UTC&dayStart=00:00&node=e2e-energy-p1&node=e2e-energy-d1`;

test.beforeAll(async ({ request }) => {
  const response = await request.post('/api/ingest?file=e2e-energy.jsonl', { data: smallFleetJsonl(DAY, 'e2e-energy') });
  expect(response.status()).toBe(200);
  expect((await response.json()).files[0].rejected).toBe(0);
});

test('the Nodes page shows kWh per node; after a rate is set on Settings, the daily report prices the energy', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/nodes?${NODES}`);
  await expect(page.getByTestId('figure-energy.kwh')).toHaveAttribute('data-value', '28.8');
  await expect(page.getByTestId('figure-energy.cost')).toContainText('unpriced');
  const table = page.getByTestId('table-energy-by-node-day');
  await expect(table.getByRole('row', { name: /e2e-energy-p1/ })).toContainText('19.2');
  await expect(table.getByRole('row', { name: /e2e-energy-d1/ })).toContainText('9.6');
  await expect(table.getByRole('row', { name: /All nodes/ })).toContainText('28.8');
  await expect(page.locator('[data-testid="chart-energy"][data-drawn="true"]')).toHaveCount(1);

  await page.goto('/settings');
  const pricing = page.getByRole('region', { name: 'Pricing' });
  await pricing.getByRole('button', { name: 'Add electricity rate' }).click();
  const rates = pricing.getByRole('table', { name: 'Electricity rates' });
  const rate = rates.getByRole('row').last();
  await rate.getByRole('textbox', { name: 'USD per kWh' }).fill('0.125');
  await rate.getByRole('textbox', { name: 'effective from' }).fill(`${DAY}T00:00:00Z`);
  await rate.getByRole('textbox', { name: 'effective to' }).fill('2025-03-08T00:00:00Z');
  await pricing.getByRole('button', { name: 'Save pricing' }).click();
  await expect(pricing.getByRole('status')).toHaveText('Saved');
  await expect(page.getByTestId('audit-log')).toContainText('pricing.update');

  await page.goto(`/reports/daily/${DAY}?tz=UTC&dayStart=00:00`);
  await expect(page.getByTestId('cost-total')).toHaveText('$144.00'); // the GPU cost, unchanged
  await expect(page.getByTestId('energy-kwh')).toHaveText('28.80 kWh');
  await expect(page.getByTestId('energy-cost')).toHaveText('$3.60'); // 28.8 kWh × $0.125
  await expect(page.getByTestId('gpu-energy-cost')).toHaveText('$147.60');
  await expect(page.getByTestId('energy-periods')).toContainText('0.125');

  await page.goto(`/nodes?${NODES}`);
  await expect(page.getByTestId('figure-energy.cost')).toHaveAttribute('data-value', '3.6');
  await expect(page.getByTestId('figure-note-energy.kwh')).toHaveText('energy cost $3.60');
});
