import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { boundedList, instant, isDate, isMonth, MAX_LIST, parseInstant, rowId, timeZone } from './params';

test('an instant is a full ISO 8601 date and time with its zone, in the years 2000–2100', () => {
  assert.equal(parseInstant('2025-02-27T04:00:00Z'), Date.UTC(2025, 1, 27, 4));
  assert.equal(parseInstant('2025-02-27T12:00+08:00'), Date.UTC(2025, 1, 27, 4));
  assert.equal(parseInstant('2025-02-27T04:00:00.123Z'), Date.UTC(2025, 1, 27, 4, 0, 0, 123));
  assert.equal(parseInstant('2000-01-01T00:00:00Z'), Date.UTC(2000, 0, 1));
  assert.equal(parseInstant('2100-12-31T23:59:59Z'), Date.UTC(2100, 11, 31, 23, 59, 59));
  // `new Date('1')` is 2001-01-01 and `Date.parse('2025')` a year: neither is an instant.
  for (const bad of ['1', '2025', '2025-02-27', '2025-02-27T04:00', '2025-02-30T00:00Z', '1999-12-31T23:59:59Z', '2101-01-01T00:00Z',
    '0000-01-01T00:00Z', '2025-02-27T24:00Z', 'yesterday', '']) {
    assert.equal(parseInstant(bad), null, bad);
  }
  const issue = instant.safeParse('1');
  assert.equal(issue.success, false);
  assert.match(issue.error?.issues[0].message ?? '', /"1" is not an instant: expected a full ISO 8601 instant with its zone.*2000–2100/);
});

test('dates and months are calendar days and months in the years 2000–2100', () => {
  assert.ok(isDate('2024-02-29'));
  for (const bad of ['2025-02-29', '0000-01-01', '1999-12-31', '2101-01-01', '2025-1-01', 'bogus']) assert.ok(!isDate(bad), bad);
  assert.ok(isMonth('2025-12'));
  for (const bad of ['2025-13', '2025-00', '1999-12', '2101-01']) assert.ok(!isMonth(bad), bad);
});

test('a zone is an IANA name', () => {
  assert.ok(timeZone.safeParse('Asia/Shanghai').success);
  assert.match(timeZone.safeParse('Mars/Base').error?.issues[0].message ?? '', /"Mars\/Base" is not a time zone: expected an IANA zone name/);
});

test('a row id is a bigint PostgreSQL can hold: a 24-digit id is a clear refusal', () => {
  assert.equal(rowId.parse('42'), 42n);
  assert.equal(rowId.parse('999999999999999999'), 999999999999999999n);
  for (const bad of ['0', '-1', '1.5', 'abc', '123456789012345678901234']) {
    assert.match(rowId.safeParse(bad).error?.issues[0].message ?? '', /is not an id: expected a whole number from 1 with at most 18 digits/, bad);
  }
});

test('a repeated filter carries at most MAX_LIST values', () => {
  const list = boundedList(z.string());
  assert.deepEqual(list.parse(undefined), []);
  assert.deepEqual(list.parse('a'), ['a']);
  assert.equal(list.parse(Array.from({ length: MAX_LIST }, (_, i) => `n${i}`)).length, MAX_LIST);
  assert.match(list.safeParse(Array.from({ length: MAX_LIST + 1 }, (_, i) => `n${i}`)).error?.issues[0].message ?? '', /at most 1000 values/);
});
