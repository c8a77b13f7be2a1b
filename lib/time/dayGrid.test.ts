import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOfHour, daySpan, gridDays, wholeHours } from './dayGrid';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);
const SHANGHAI_NOON = { timeZone: 'Asia/Shanghai', dayStart: '12:00' };

test('an hour belongs to the day that holds it; a half-hour zone has no whole-hour days', () => {
  const day = dayOfHour(SHANGHAI_NOON);
  assert.deepEqual(day(at('2025-02-27T04:00:00Z')), { start: at('2025-02-27T04:00:00Z'), end: at('2025-02-28T04:00:00Z') });
  assert.deepEqual(day(at('2025-02-27T03:00:00Z')), { start: at('2025-02-26T04:00:00Z'), end: at('2025-02-27T04:00:00Z') });
  assert.equal(dayOfHour({ timeZone: 'Asia/Kolkata', dayStart: '00:00' })(at('2025-02-27T03:00:00Z')), null);
  assert.equal(dayOfHour(null)(at('2025-02-27T03:00:00Z')), null);
});

test('a DST day is 23 or 25 hours, still whole hours', () => {
  const berlin = { timeZone: 'Europe/Berlin', dayStart: '00:00' };
  assert.deepEqual(dayOfHour(berlin)(at('2025-03-30T12:00:00Z')), { start: at('2025-03-29T23:00:00Z'), end: at('2025-03-30T22:00:00Z') });
  assert.deepEqual(gridDays(berlin, { start: at('2025-03-29T23:00:00Z'), end: at('2025-03-31T00:00:00Z') }).map((d) => (d.end - d.start) / HOUR), [23, 24]);
});

test('day steps of the grid read the day tier between their first and last whole day', () => {
  const w = { start: at('2025-02-26T10:00:00Z'), end: at('2025-03-02T00:00:00Z') };
  const edges = [w.start, at('2025-02-27T04:00:00Z'), at('2025-02-28T04:00:00Z'), at('2025-03-01T04:00:00Z'), w.end];
  assert.deepEqual(daySpan(edges, SHANGHAI_NOON), { start: at('2025-02-27T04:00:00Z'), end: at('2025-03-01T04:00:00Z') });
  // One total over the window: every whole day inside it.
  assert.deepEqual(daySpan([w.start, w.end], SHANGHAI_NOON), { start: at('2025-02-27T04:00:00Z'), end: at('2025-03-01T04:00:00Z') });
  // UTC days are not the grid's days: no day lies inside one step.
  assert.equal(daySpan([w.start, at('2025-02-27T00:00:00Z'), at('2025-02-28T00:00:00Z'), w.end], SHANGHAI_NOON), null);
  // Hour steps, a window shorter than a day, no grid, a half-hour zone.
  assert.equal(daySpan([at('2025-02-27T04:00:00Z'), at('2025-02-27T05:00:00Z'), at('2025-02-28T04:00:00Z')], SHANGHAI_NOON), null);
  assert.equal(daySpan([at('2025-02-27T04:00:00Z'), at('2025-02-27T05:00:00Z')], SHANGHAI_NOON), null);
  assert.equal(daySpan(edges, null), null);
  assert.equal(daySpan([w.start, w.end], { timeZone: 'Asia/Kolkata', dayStart: '00:00' }), null);
  assert.deepEqual(daySpan([0, 3 * DAY], { timeZone: 'UTC', dayStart: '00:00' }), { start: 0, end: 3 * DAY });
  // While the tier is being keyed, only the days derived so far.
  assert.deepEqual(daySpan([0, 3 * DAY], { timeZone: 'UTC', dayStart: '00:00', derivedFrom: DAY }), { start: DAY, end: 3 * DAY });
  assert.equal(daySpan([0, 3 * DAY], { timeZone: 'UTC', dayStart: '00:00', derivedFrom: 3 * DAY }), null);
});

test('the grid days over a window run from the day holding its start to the day holding its end', () => {
  const days = gridDays(SHANGHAI_NOON, { start: at('2025-02-27T03:00:00Z'), end: at('2025-02-28T05:00:00Z') });
  assert.deepEqual(days.map((d) => new Date(d.start).toISOString()), ['2025-02-26T04:00:00.000Z', '2025-02-27T04:00:00.000Z', '2025-02-28T04:00:00.000Z']);
  assert.ok(days.every(wholeHours));
  assert.ok(!gridDays({ timeZone: 'Asia/Kolkata', dayStart: '00:00' }, { start: 0, end: DAY }).some(wholeHours));
});
