import { test, expect } from '@playwright/test';

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

test('the HTTP API refuses an upload without a token, in the error envelope', async ({ request }) => {
  const response = await request.post('/api/v1/ingest?file=x.jsonl', { data: '{}' });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe('unauthorized');
});
