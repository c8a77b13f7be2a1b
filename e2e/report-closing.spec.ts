import { test, expect } from './auth';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { request as requestRecord } from '@/lib/db/ingest/testRecords';
import { recordToJsonLine } from '@/lib/simulate/serialize';
import { smallFleetJsonl } from './fleet';

// Days of April 2025 (no other spec uses that month), the organisation's day being the default 00:00 UTC.
const jsonl = (records: CanonicalRecord[]) => records.map(recordToJsonLine).join('\n') + '\n';

/** e2e/finance.spec.ts sets the organisation's day to 06:00 for a moment: steps that need 00:00 UTC retry until it is back. */
const underUtcOrgDay = (step: () => Promise<void>) => expect(step).toPass({ timeout: 30_000 });

test.beforeAll(async ({ request }) => {
  for (const date of ['2025-04-02', '2025-04-03']) {
    const response = await request.post(`/api/ingest?file=e2e-closing-${date}.jsonl`, { data: smallFleetJsonl(date, `e2e-closing-${date}`) });
    expect(response.status()).toBe(200);
  }
});

test('under another zone or day start the page offers no close, and links the organisation\'s day', async ({ page }) => underUtcOrgDay(async () => {
  await page.goto('/reports/daily/2025-04-03?tz=Asia%2FShanghai&dayStart=12:00');
  await expect(page.getByTestId('close-blocked')).toContainText("Days are closed only under the organisation's day (from 00:00 UTC, set in Settings); this is the day from 12:00 Asia/Shanghai.");
  await expect(page.getByRole('button', { name: 'Close day…' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/report-close-other-convention.png', fullPage: true });
  await page.getByRole('link', { name: "Open it under the organisation's day" }).click();
  await expect(page).toHaveURL(/\/reports\/daily\/2025-04-03\?tz=UTC&dayStart=00%3A00/);
  await expect(page.getByRole('button', { name: 'Close day…' })).toBeVisible();
}));

test('the current day cannot be closed: the page says when it can', async ({ page }) => underUtcOrgDay(async () => {
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/reports/daily/${today}?tz=UTC&dayStart=00:00`);
  await expect(page.getByTestId('close-blocked')).toContainText(`${today} has not ended`);
  await expect(page.getByRole('button', { name: 'Close day…' })).toHaveCount(0);
}));

test('the close API refuses another convention, the current day and a future day with the error envelope', async ({ request }) => {
  const other = await request.post('/api/reports/daily/2025-04-03/close?tz=Asia%2FShanghai&dayStart=12:00');
  expect(other.status()).toBe(400);
  expect((await other.json()).error).toMatchObject({ code: 'bad_request', message: expect.stringContaining("only under the organisation's day") });
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  for (const date of [new Date().toISOString().slice(0, 10), future]) {
    await underUtcOrgDay(async () => {
      const response = await request.post(`/api/reports/daily/${date}/close?tz=UTC&dayStart=00:00`);
      expect(response.status(), date).toBe(409);
      expect((await response.json()).error.message).toContain(`${date} has not ended`);
    });
  }
  await underUtcOrgDay(async () => {
    const stale = await request.post('/api/reports/daily/2025-04-03/close?tz=UTC&dayStart=00:00', { data: { confirmed: { cost: 1, theoreticalRevenue: 1, actualRevenue: 1 } } });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).error.message).toContain('changed since they were shown');
  });
});

test('the month shows a restatement badge only where a figure of the closed day changed', async ({ page, request }) => {
  const month = '/reports/monthly/2025-04?tz=UTC&dayStart=00:00';
  await underUtcOrgDay(async () => expect((await request.post('/api/reports/daily/2025-04-02/close?tz=UTC&dayStart=00:00')).status()).toBe(201));
  await page.goto(month);
  await expect(page.getByRole('row', { name: /2025-04-02/ })).toContainText('closed v1');
  await expect(page.getByTestId('restatement-2025-04-02')).toHaveCount(0);

  // An expert-load ingest inside the day changes no figure of the report: no badge.
  const t = Date.parse('2025-04-02T03:00:00Z');
  const experts = await request.post('/api/ingest?file=e2e-closing-experts.jsonl', {
    data: jsonl([{ type: 'expert_load', ts: t, intervalS: 60, phase: 'decode', layer: 1, expert: 2, node: 'e2e-closing-2025-04-02-d1', gpu: 0, tokens: 1000 }]),
  });
  expect(experts.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('restatement-2025-04-02')).toHaveCount(0);

  // A late request does: the badge, linking the day, whose page has the restatement to accept.
  const late = await request.post('/api/ingest?file=e2e-closing-late.jsonl', { data: jsonl([requestRecord({ requestId: 'e2e-closing-late', arrivedAt: t, sampleWeight: 1000 })]) });
  expect(late.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('restatement-2025-04-02')).toHaveText('restatement pending');
  await page.screenshot({ path: 'test-results/report-month-restatement.png', fullPage: true });
  await page.getByTestId('restatement-2025-04-02').click();
  await expect(page.getByTestId('restatement')).toContainText('revenue.actual');
});
