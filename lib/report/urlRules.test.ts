import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportUrlProblem } from './urlRules';

const problem = (url: string) => {
  const parsed = new URL(url, 'http://localhost');
  return reportUrlProblem(parsed.pathname, parsed.searchParams);
};

test('well-formed report addresses have no problem', () => {
  for (const url of [
    '/reports/daily/2025-02-27', '/reports/daily/2025-02-27?tz=Asia%2FShanghai&dayStart=12:00&version=2', '/reports/daily/2024-02-29/pdf',
    '/reports/daily/2000-01-01/json', '/reports/daily/2100-12-31', '/reports/monthly/2025-02', '/reports/monthly/2025-12?tz=UTC', '/reports', '/reports/invalid?url=x', '/finance',
  ]) assert.equal(problem(url), null, url);
});

test('a malformed date, month, zone, day start or version says what is wrong and what is expected', () => {
  const cases: [string, RegExp, boolean][] = [
    ['/reports/daily/2025-13-45', /"2025-13-45" is not a report date: expected YYYY-MM-DD/, false],
    ['/reports/daily/2025-02-30', /"2025-02-30" is not a report date/, false],
    ['/reports/daily/0000-01-01/json', /"0000-01-01" is not a report date: expected YYYY-MM-DD, a calendar day in the years 2000–2100/, true],
    ['/reports/daily/1999-12-31', /"1999-12-31" is not a report date/, false],
    ['/reports/daily/2101-01-01/csv', /"2101-01-01" is not a report date/, true],
    ['/reports/monthly/2101-01', /"2101-01" is not a month: expected YYYY-MM, a month in the years 2000–2100/, false],
    ['/reports/daily/27-02-2025/csv', /"27-02-2025" is not a report date/, true],
    ['/reports/daily/%E0%A4%A/pdf', /is not a report date/, true],
    ['/reports/monthly/2025-13', /"2025-13" is not a month: expected YYYY-MM/, false],
    ['/reports/monthly/0000-01', /"0000-01" is not a month/, false],
    ['/reports/daily/2025-02-27?version=abc', /version "abc" is not a version number: expected a whole number from 1/, false],
    ['/reports/daily/2025-02-27/json?version=0', /version "0" is not a version number/, true],
    ['/reports/daily/2025-02-27?tz=Mars%2FBase', /tz "Mars\/Base" is not a time zone: expected an IANA zone name/, false],
    ['/reports/daily/2025-02-27?dayStart=25:00', /dayStart "25:00" is not a time of day: expected HH:MM/, false],
    ['/reports/monthly/2025-02?dayStart=noon', /dayStart "noon" is not a time of day/, false],
  ];
  for (const [url, message, download] of cases) {
    const p = problem(url);
    assert.match(p?.message ?? '', message, url);
    assert.equal(p?.download, download, url);
  }
});
