import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsQuery, resolveWindow, toViewQuery } from './params';

const H = 3_600_000;
const now = Date.parse('2025-03-10T12:34:56Z');
const org = { timeZone: 'Asia/Shanghai', dayStart: '12:00' };

test('a relative range ends now, on a whole minute; a past trace ends with its data', () => {
  assert.deepEqual(resolveWindow({ range: '1h' }, { org, newest: now - 60_000, now }), { start: Date.parse('2025-03-10T11:35:00Z'), end: Date.parse('2025-03-10T12:35:00Z') });
  const old = Date.parse('2025-02-28T04:00:00Z');
  assert.deepEqual(resolveWindow({ range: '24h' }, { org, newest: old - 30 * 60_000, now }), { start: old - 24 * H, end: old });
});

test('from and to widen to whole minutes; from alone takes the range', () => {
  const from = Date.parse('2025-03-01T00:00:30Z');
  assert.deepEqual(resolveWindow({ from, to: from + H }, { org, newest: null, now }), { start: from - 30_000, end: from + H + 30_000 });
  assert.deepEqual(resolveWindow({ from, range: '1h' }, { org, newest: null, now }), { start: from - 30_000, end: from - 30_000 + H });
  assert.throws(() => resolveWindow({ from, to: from }, { org, newest: null, now }), /after/);
});

test('the query takes the organisation day unless tz and dayStart are given; too many points is an error', () => {
  const q = toViewQuery(MetricsQuery.parse({ range: '7d', node: ['a', 'b'] }), { org, newest: now, now });
  assert.deepEqual([q.step, q.timeZone, q.dayStart, q.nodes], ['1h', 'Asia/Shanghai', '12:00', ['a', 'b']]);
  assert.equal(toViewQuery(MetricsQuery.parse({ tz: 'UTC', dayStart: '06:00', node: 'x' }), { org, newest: now, now }).dayStart, '06:00');
  assert.throws(() => toViewQuery(MetricsQuery.parse({ range: '30d', step: '1m' }), { org, newest: now, now }), /points/);
  assert.equal(MetricsQuery.safeParse({ tz: 'Mars/Base' }).success, false);
  assert.equal(MetricsQuery.safeParse({ dayStart: '25:00' }).success, false);
  assert.equal(MetricsQuery.safeParse({ from: '1', to: '2' }).success, false); // not 2001-01-01 and 2002-01-01
});

test('a live range judges counters up to the newest minute of data; a range whose data stopped is judged whole', () => {
  const newest = Date.parse('2025-03-10T12:34:00Z'); // the end of the newest minute of data
  const live = toViewQuery(MetricsQuery.parse({ range: '1h' }), { org, newest, now });
  assert.equal(live.dataThrough, newest - 60_000);
  const stopped = toViewQuery(MetricsQuery.parse({ range: '1h' }), { org, newest: now - 2 * H, now });
  assert.equal(stopped.dataThrough, undefined);
  const past = toViewQuery(MetricsQuery.parse({ from: '2025-03-09T00:00:00Z', to: '2025-03-10T00:00:00Z' }), { org, newest, now });
  assert.equal(past.dataThrough, undefined);
});
