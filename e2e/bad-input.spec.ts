import { request as playwrightRequest } from '@playwright/test';
import { test, expect } from './auth';
import { closeDb, createDb } from '@/lib/db/client';
import { corpusBytes, corpusCases, outcomeMismatches, resentOutcome, type RunOutcome } from '@/lib/testing/badInputCorpus';
import { e2eDatabaseUrl } from './database';

// The bad-input corpus (fixtures/bad-input) against the built app: through POST /api/v1/ingest with
// a token, then through the Upload page, each case giving the outcome its manifest names, the
// server staying up, nothing stored twice, and no markup or formula from a file coming alive.
test.describe.configure({ mode: 'serial' });

const cases = corpusCases();
const HTML = '<img src=x onerror=alert(1)>';

async function storedRequests(): Promise<number> {
  const db = createDb(e2eDatabaseUrl(), 1);
  try {
    return (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM request WHERE arrived_at >= '2025-03-01' AND arrived_at < '2025-03-02'`)).rows[0].n;
  } finally {
    await closeDb(db);
  }
}

test('every corpus file gets its expected outcome from POST /api/v1/ingest, and sending it again stores nothing new', async ({ baseURL, request }) => {
  test.setTimeout(180_000);
  const created = await request.post('/api/tokens', { data: { name: 'e2e bad input', scopes: ['ingest'] } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const api = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const before = await storedRequests();
  const send = async (): Promise<RunOutcome[]> => {
    const outcomes: RunOutcome[] = [];
    for (const c of cases) {
      const response = await api.post(`/api/v1/ingest?file=${encodeURIComponent(c.file)}`, { data: corpusBytes(c), headers: { 'content-type': 'application/octet-stream' } });
      expect([200, 422], c.file).toContain(response.status());
      outcomes.push(((await response.json()) as { files: RunOutcome[] }).files[0]);
      expect((await api.get('/api/health')).ok(), `the server is up after ${c.file}`).toBe(true);
    }
    return outcomes;
  };
  const first = await send();
  expect(cases.flatMap((c, i) => outcomeMismatches(c, first[i]))).toEqual([]);
  const stored = await storedRequests();
  expect(stored - before).toBe(first.reduce((n, f) => n + f.accepted, 0));
  const second = await send();
  expect(cases.flatMap((c, i) => outcomeMismatches(c.refused ? c : resentOutcome(c, first[i]), second[i]))).toEqual([]);
  expect(await storedRequests()).toBe(stored);
});

test('the Upload page shows each corpus outcome; markup in ids and names stays text; the rejected-lines CSV neutralises formulas', async ({ page }) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/upload');
  const small = cases.filter((c) => !c.generated);
  await page.getByTestId('file-input').setInputFiles(small.map((c) => ({ name: c.file, mimeType: 'application/octet-stream', buffer: corpusBytes(c) })));
  for (const c of small) {
    const row = page.getByTestId('upload-row').filter({ hasText: c.file });
    if (c.refused) {
      await expect(row, c.file).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
      await expect(row.getByTestId('upload-error'), c.file).toContainText(c.refused);
      continue;
    }
    await expect(row, c.file).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    // Sent before through the API, every row is already stored: the page reports them as duplicates.
    await expect(row.getByTestId('accepted'), c.file).toHaveText('0');
    await expect(row.getByTestId('rejected'), c.file).toHaveText(String(c.rejected ?? 0));
    if (!c.errors?.length) continue;
    await row.getByText(/rejected line/).click();
    for (const e of c.errors) await expect(row.getByTestId('rejected-lines'), c.file).toContainText(`line ${e.line}`);
  }
  const html = page.getByTestId('upload-row').filter({ hasText: 'html-injection.jsonl' });
  await expect(html.getByTestId('rejected-lines')).toContainText(HTML);
  await expect(page.locator('img[src=x]')).toHaveCount(0);

  // The formula file again under a name that is itself a formula: the rejected-lines CSV names the file in every row.
  const formulaCase = cases.find((c) => c.file === 'formula-injection.csv')!;
  const hostileName = '=HYPERLINK("http://evil.example","x").csv';
  await page.getByTestId('file-input').setInputFiles({ name: hostileName, mimeType: 'text/csv', buffer: corpusBytes(formulaCase) });
  const formula = page.getByTestId('upload-row').filter({ hasText: hostileName });
  await expect(formula).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await formula.getByText(/rejected line/).click();
  const href = await formula.getByTestId('rejected-csv').getAttribute('href');
  const csv = decodeURIComponent((href ?? '').replace(/^data:[^,]*,/, ''));
  expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""x"").csv",4,input_tokens,');
  expect(csv).not.toMatch(/(^|,)"?[=+@-]/m);

  // The pages that show the day's models and figures: nothing from the file turns into markup.
  for (const path of ['/finance?date=2025-03-01&tz=UTC&dayStart=00:00', '/reports/daily/2025-03-01', '/tokens']) {
    await page.goto(path);
    await expect(page.locator('img[src=x]'), path).toHaveCount(0);
    await expect(page.locator('script:has-text("alert(1)")'), path).toHaveCount(0);
  }
  expect(dialogs).toEqual([]);
});
