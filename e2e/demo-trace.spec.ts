import { readFileSync } from 'node:fs';
import { test, expect } from './auth';
import { chartsDrawn, drawnChart, offeredTable, sameAsShown } from './charts';

// A public trace beside the demo (the demo server): the Azure LLM inference trace's first 2,000
// conversation requests, 2023-11-16 18:15–18:23 UTC. It has no prefix-cache information.
const RANGE = 'from=2023-11-16T18:00:00Z&to=2023-11-16T19:00:00Z&tz=UTC&step=5m';

test.beforeAll(async ({ request }) => {
  const file = 'fixtures/azure_llm_inference/AzureLLMInferenceTrace_conv_first2000.csv';
  const response = await request.post('/api/ingest?file=azure-conv.csv', { data: readFileSync(file) });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { files: { accepted: number; rejected: number }[] };
  expect(body.files[0]).toMatchObject({ accepted: 2000, rejected: 0 });
});

test('a trace without cache information shows the cache as no data and why, never 0%', async ({ page }) => {
  await page.goto(`/cache?${RANGE}`);
  await expect(page.getByTestId('figure-tokens.cacheHitRatio')).toHaveAttribute('data-value', '');
  await expect(page.getByTestId('figure-tokens.cacheHitRatio')).toContainText('no data');
  await expect(page.getByTestId('figure-note-tokens.cacheHitRatio')).toContainText('azure-llm-inference files carry no prefix-cache information');
  await expect(page.getByTestId('figure-tokens.input')).not.toHaveAttribute('data-value', '');
  await page.goto('/finance?date=2023-11-16&tz=UTC&dayStart=00:00');
  await expect(page.getByTestId('cache-hit-ratio')).toHaveText('no data');
  await expect(page.getByTestId('partial-day')).toBeVisible();
  await page.screenshot({ path: 'test-results/trace-finance.png', fullPage: true });
});

for (const path of ['/throughput', '/latency', '/cache']) {
  test(`the trace on ${path}: every chart draws exactly the table it offers`, async ({ page }) => {
    await page.goto(`${path}?${RANGE}`);
    await chartsDrawn(page);
    for (const figure of await page.locator('.view-chart').all()) {
      const id = await figure.getAttribute('data-testid');
      const drawn = await drawnChart(figure);
      if (drawn.heatmap) continue;
      const table = await offeredTable(figure);
      expect(table.header.slice(1), id ?? '').toEqual(drawn.labels);
      drawn.rows.forEach((row, j) => row.forEach((y, i) => {
        expect(sameAsShown(table.rows[j][i], y), `${id} row ${j} ${drawn.labels[i]}: table ${table.rows[j][i]}, chart ${y}`).toBe(true);
      }));
    }
    await page.screenshot({ path: `test-results/trace${path.replace('/', '-')}.png`, fullPage: true });
  });
}
