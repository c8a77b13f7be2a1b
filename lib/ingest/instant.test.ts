import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatInstant, parseInstant } from '@/lib/ingest/instant';

test('ISO 8601 instants with a zone agree with Date.parse to the millisecond', () => {
  for (const s of [
    '2025-02-27T04:00:00Z',
    '2025-02-27T04:00:00.123Z',
    '2025-02-27T12:00:00+08:00',
    '2025-02-26T23:30:00-04:30',
    '2024-02-29T23:59:59.999Z',
    '2000-01-01T00:00:00Z',
    '2025-02-27T04:00Z',
  ]) {
    assert.equal(parseInstant(s), Date.parse(s), s);
  }
});

test('zone offsets may be written ±hhmm or ±hh', () => {
  const expected = Date.parse('2025-02-27T12:00:00+08:00');
  assert.equal(parseInstant('2025-02-27T12:00:00+0800'), expected);
  assert.equal(parseInstant('2025-02-27T12:00:00+08'), expected);
  assert.equal(parseInstant('2025-02-27T00:00:00-0130'), Date.parse('2025-02-27T01:30:00Z'));
});

test('a space or lower-case t and z are accepted, as is a comma before the fraction', () => {
  const expected = Date.parse('2025-02-27T04:05:06.5Z');
  for (const s of ['2025-02-27 04:05:06.5Z', '2025-02-27t04:05:06.5z', '2025-02-27T04:05:06,5Z']) assert.equal(parseInstant(s), expected, s);
});

test('sub-millisecond fractions are kept as a fractional epoch-ms number', () => {
  const base = Date.parse('2023-11-16T18:17:03Z');
  assert.equal(parseInstant('2023-11-16T18:17:03.9799600Z'), base + 979.96);
  assert.equal(parseInstant('2023-11-16T18:17:03.000001Z'), base + 0.001);
  assert.equal(parseInstant('2023-11-16T18:17:03.5Z'), base + 500);
});

test('a missing zone is refused unless the caller reads naive times as UTC', () => {
  assert.equal(parseInstant('2023-11-16 18:17:03.9799600'), 'no-zone');
  assert.equal(parseInstant('2023-11-16 18:17:03.9799600', 'utc-if-absent'), Date.parse('2023-11-16T18:17:03Z') + 979.96);
});

test('malformed text and impossible dates are refused with the reason', () => {
  for (const s of ['', '2025-02-27', '27/02/2025 04:00:00Z', '2025-02-27T04:00:00 Z', '2025-02-27T04:00:00Zjunk', '2025-02-27T04:00:00+8', '2025-02-27T04:00:00.Z', 'x025-02-27T04:00:00Z']) {
    assert.equal(parseInstant(s), 'syntax', s);
  }
  for (const s of ['2025-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-04-31T00:00:00Z', '2025-02-27T24:00:00Z', '2025-02-27T04:60:00Z', '2025-02-27T04:00:60Z', '2025-02-27T04:00:00+24:00']) {
    assert.equal(parseInstant(s), 'calendar', s);
  }
});

test('formatInstant writes ISO text and survives out-of-range numbers', () => {
  assert.equal(formatInstant(0), '1970-01-01T00:00:00.000Z');
  assert.equal(formatInstant(1e20), '100000000000000000000');
});

test('lines sharing a date read it once, and a new date is read afresh', () => {
  assert.equal(parseInstant('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  assert.equal(parseInstant('2024-02-29T23:59:59.5Z'), Date.UTC(2024, 1, 29, 23, 59, 59, 500));
  assert.equal(parseInstant('2024-02-29T24:00:00Z'), 'calendar');
  assert.equal(parseInstant('2024-03-01T00:00:00+01:00'), Date.UTC(2024, 1, 29, 23));
  assert.equal(parseInstant('2023-02-29T00:00:00Z'), 'calendar');
  assert.equal(parseInstant('2023-02-29T00:00:00'), 'no-zone');
  assert.equal(parseInstant('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
});
