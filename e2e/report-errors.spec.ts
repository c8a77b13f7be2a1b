import { test, expect } from './auth';

const pages: [string, RegExp][] = [
  ['/reports/daily/2025-13-45', /"2025-13-45" is not a report date: expected YYYY-MM-DD/],
  ['/reports/daily/0000-01-01', /"0000-01-01" is not a report date: expected YYYY-MM-DD, a calendar day in the years 2000–2100/],
  ['/reports/monthly/2025-13', /"2025-13" is not a month: expected YYYY-MM/],
  ['/reports/daily/2025-02-27?version=abc', /version "abc" is not a version number: expected a whole number from 1/],
  ['/reports/daily/2025-02-27?tz=Mars%2FBase', /tz "Mars\/Base" is not a time zone: expected an IANA zone name/],
  ['/reports/monthly/2025-02?dayStart=25:00', /dayStart "25:00" is not a time of day: expected HH:MM/],
  ['/finance?date=bogus', /date "bogus" is not a report date: expected YYYY-MM-DD/],
];

const downloads: [string, RegExp][] = [
  ['/reports/daily/0000-01-01/json', /"0000-01-01" is not a report date/],
  ['/reports/daily/2025-13-45/csv', /"2025-13-45" is not a report date/],
  ['/reports/daily/2025-02-27/pdf?version=abc', /version "abc" is not a version number/],
  ['/reports/daily/2025-02-27/json?dayStart=7am', /dayStart "7am" is not a time of day/],
];

test('a malformed report address is a 400 page in the app layout saying what was wrong and what is expected', async ({ page }) => {
  for (const [url, message] of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(400);
    await expect(page.getByRole('heading', { level: 1, name: 'Bad report address' }), url).toBeVisible();
    await expect(page.getByTestId('bad-request').getByRole('alert'), url).toHaveText(message);
    await expect(page.getByTestId('bad-request'), url).toContainText('/reports/daily/YYYY-MM-DD');
    await expect(page.locator('.sidebar'), url).toBeVisible(); // in the app layout, styled
    expect(new URL(page.url()).pathname + new URL(page.url()).search, url).toBe(url); // the address stays as typed
  }
  await page.goto('/reports/daily/2025-13-45');
  await page.screenshot({ path: 'test-results/report-bad-date.png', fullPage: true });
});

test('a malformed download address is a 400 error envelope', async ({ request }) => {
  for (const [url, message] of downloads) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code, url).toBe('bad_request');
    expect(body.error.message, url).toMatch(message);
  }
});

test('a malformed dashboard address is a 400 page in the app layout, not a 500 or a guessed range', async ({ page }) => {
  const cases: [string, RegExp][] = [
    ['/?from=1&to=2', /from: "1" is not an instant: expected a full ISO 8601 instant with its zone/],
    ['/nodes?from=2013-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=1m', /makes more than 5000 points/],
  ];
  for (const [url, message] of cases) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(400);
    await expect(page.getByRole('heading', { level: 1, name: 'Bad dashboard address' }), url).toBeVisible();
    await expect(page.getByTestId('bad-request').getByRole('alert'), url).toHaveText(message);
    await expect(page.locator('.sidebar'), url).toBeVisible();
  }
});

test('a version that was never issued is a 404 page, not a 500', async ({ page }) => {
  const response = await page.goto('/reports/daily/2025-01-15?tz=UTC&dayStart=00:00&version=7');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'No such version' })).toBeVisible();
});
