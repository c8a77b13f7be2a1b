import { gzipSync } from 'node:zlib';
import { request as playwrightRequest } from '@playwright/test';
import { test, expect } from './auth';

// Uploads stream through the Upload page to the server. Next.js truncates bodies over 10 MiB
// when a middleware or proxy sits in front of a route: this file is larger than that.
test.describe.configure({ mode: 'serial' });

const T0 = Date.parse('2024-06-01T00:00:00Z');
const ROWS = 60_000;

function largeFile(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      JSON.stringify({
        type: 'request', request_id: `upload-e2e-${i}-${'x'.repeat(60)}`, arrived_at: new Date(T0 + i * 1000).toISOString(),
        model: 'deepseek-r1', source: 'api', input_tokens: 1000 + (i % 500), cached_tokens: 400, output_tokens: 80,
      }),
    );
  }
  lines.splice(10, 0, '{"type":"request","arrived_at":"2024-06-01T00:00:00Z","input_tokens":5,"cached_tokens":9,"output_tokens":1}');
  lines.splice(20, 0, 'not json at all');
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('a file over 10 MiB uploads from the page, with its rejected lines, and its job can be deleted', async ({ page }) => {
  // 60,000 rows go through the whole ingest (rollups included): far longer than the default 30 s on a busy machine.
  test.setTimeout(240_000);
  const file = largeFile();
  expect(file.length).toBeGreaterThan(10 * 1024 * 1024);
  await page.goto('/upload');
  await page.getByTestId('file-input').setInputFiles({ name: 'large-upload.jsonl', mimeType: 'application/x-ndjson', buffer: file });

  const row = page.getByTestId('upload-row').filter({ hasText: 'large-upload.jsonl' });
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(row.getByTestId('accepted')).toHaveText(ROWS.toLocaleString('en-US'));
  await expect(row.getByTestId('duplicates')).toHaveText('0');
  await expect(row.getByTestId('rejected')).toHaveText('2');
  await row.getByText('2 rejected lines').click();
  const rejected = row.getByTestId('rejected-lines');
  await expect(rejected).toContainText('line 11, cached_tokens:');
  await expect(rejected).toContainText('line 21:');

  const job = page.getByTestId('job-row').filter({ hasText: 'large-upload.jsonl' });
  await expect(job).toContainText('done');
  await page.screenshot({ path: 'test-results/upload.png', fullPage: true });

  page.once('dialog', (dialog) => dialog.accept());
  await job.getByRole('button', { name: 'Delete' }).click();
  await expect(job).toContainText('deleted');
});

test('the HTTP API refuses an upload without a token, in the error envelope', async ({ baseURL }) => {
  const stranger = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const response = await stranger.post('/api/v1/ingest?file=x.jsonl', { data: '{}' });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe('unauthorized');
});

test('a Mooncake trace lands at the trace start given on the page, and the upload and its job link to its data', async ({ page }) => {
  await page.goto('/upload');
  const traceStart = page.getByTestId('trace-start');
  await expect(traceStart).toHaveValue('2024-01-01T00:00:00.000Z'); // the default, visible
  await traceStart.fill('2025-01-10T00:00:00Z');
  await page.getByTestId('file-input').setInputFiles('fixtures/mooncake/synthetic_trace_first800.jsonl');

  const row = page.getByTestId('upload-row').filter({ hasText: 'synthetic_trace_first800.jsonl' });
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(row.getByTestId('accepted')).toHaveText('800');
  await expect(row.getByTestId('trace-start-used')).toHaveText('times counted from the trace start 2025-01-10T00:00:00.000Z');
  const link = row.getByTestId('data-range');
  await expect(link).toHaveAttribute('href', '/?from=2025-01-10T00:00Z&to=2025-01-10T00:04Z');
  const job = page.getByTestId('job-row').filter({ hasText: 'synthetic_trace_first800.jsonl' });
  await expect(job.getByTestId('job-data-range')).toHaveAttribute('href', '/?from=2025-01-10T00:00Z&to=2025-01-10T00:04Z');
  await page.screenshot({ path: 'test-results/upload-trace.png', fullPage: true });

  await link.click();
  const overview = page.getByTestId('view-overview');
  await expect(overview).toHaveAttribute('data-window-start', '2025-01-10T00:00:00.000Z');
  await expect(overview).toHaveAttribute('data-window-end', '2025-01-10T00:04:00.000Z');
});

test('a binary or empty file fails in one line saying what it is, and leaves no job', async ({ page }) => {
  await page.goto('/upload');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'e2e-screenshot.png', mimeType: 'image/png', buffer: png },
    { name: 'e2e-empty.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.alloc(0) },
  ]);
  const binary = page.getByTestId('upload-row').filter({ hasText: 'e2e-screenshot.png' });
  await expect(binary).toHaveAttribute('data-state', 'failed');
  await expect(binary.getByTestId('upload-error')).toHaveText(
    /^e2e-screenshot\.png is a binary file \(not text, not gzip\): FleetLedger reads UTF-8 text, plain or gzip: canonical JSONL or CSV/,
  );
  const empty = page.getByTestId('upload-row').filter({ hasText: 'e2e-empty.jsonl' });
  await expect(empty).toHaveAttribute('data-state', 'failed');
  await expect(empty.getByTestId('upload-error')).toHaveText('e2e-empty.jsonl is empty');
  await page.screenshot({ path: 'test-results/upload-binary.png', fullPage: true });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ingest jobs' })).toBeVisible();
  await expect(page.getByTestId('job-row').filter({ hasText: /e2e-screenshot\.png|e2e-empty\.jsonl/ })).toHaveCount(0);
});

test('a file that fails part-way shows failed on its row, as its job does', async ({ page }) => {
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({ type: 'request', request_id: `e2e-cut-${i}`, arrived_at: new Date(Date.parse('2024-07-01T00:00:00Z') + i * 1000).toISOString(), input_tokens: 100, output_tokens: 10 }));
  const gzipped = gzipSync(`${lines.join('\n')}\n`);
  await page.goto('/upload');
  await page.getByTestId('file-input').setInputFiles({ name: 'e2e-cut.jsonl.gz', mimeType: 'application/gzip', buffer: gzipped.subarray(0, gzipped.length - 40) });
  const row = page.getByTestId('upload-row').filter({ hasText: 'e2e-cut.jsonl.gz' });
  await expect(row).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(row.getByTestId('upload-state')).toHaveText('failed');
  await expect(row.getByTestId('upload-error')).toContainText('corrupt gzip data');
  const job = page.getByTestId('job-row').filter({ hasText: 'e2e-cut.jsonl.gz' });
  await expect(job).toContainText('failed');
  await expect(row).toContainText(/job \d+/);
});
