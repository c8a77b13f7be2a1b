import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageUrlProblem } from './pageUrls';

const problem = (url: string) => {
  const parsed = new URL(url, 'http://localhost');
  return pageUrlProblem(parsed.pathname, parsed.searchParams);
};

test('well-formed dashboard, finance and report addresses have no problem', () => {
  for (const url of [
    '/', '/?range=7d', '/?from=2025-02-27T04:00:00Z&to=2025-02-28T04:00:00Z&tz=Asia%2FShanghai&dayStart=12:00', '/nodes?node=a&node=b',
    '/experts?phase=decode&layer=3', '/finance', '/finance?date=2025-02-27&tz=UTC&dayStart=00:00', '/reports/daily/2025-02-27', '/settings?from=1',
  ]) assert.equal(problem(url), null, url);
});

test('a malformed dashboard or finance address says what was wrong and what is expected', () => {
  const cases: [string, RegExp, string][] = [
    ['/?from=1&to=2', /from: "1" is not an instant: expected a full ISO 8601 instant.*; to: "2" is not an instant/, 'view'],
    ['/throughput?from=2025-02-28T00:00Z&to=2025-02-27T00:00Z', /to: to must come after from/, 'view'],
    ['/nodes?from=2013-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=1m', /step: a 1m step .* makes more than 5000 points/, 'view'],
    ['/kv?tz=Mars%2FBase', /tz: "Mars\/Base" is not a time zone/, 'view'],
    ['/latency?from=1999-12-31T00:00:00Z', /in the years 2000–2100/, 'view'],
    [`/nodes?${Array.from({ length: 1001 }, (_, i) => `node=n${i}`).join('&')}`, /node: expected at most 1000 values/, 'view'],
    ['/finance?date=bogus', /date "bogus" is not a report date: expected YYYY-MM-DD, a calendar day in the years 2000–2100/, 'finance'],
    ['/finance?date=2025-02-27&tz=Mars%2FBase', /tz "Mars\/Base" is not a time zone/, 'finance'],
    ['/reports/monthly/2025-13', /"2025-13" is not a month/, 'report'],
  ];
  for (const [url, message, kind] of cases) {
    const p = problem(url);
    assert.match(p?.message ?? '', message, url);
    assert.equal(p?.kind, kind, url);
    assert.equal(p?.download, false, url);
  }
});
