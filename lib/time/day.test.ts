import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { dayContaining, dayStartsWithin, dayWindow } from '@/lib/time/day';
import { hourlySteps, hourIndex, HOUR_MS } from '@/lib/time/window';

const iso = (ms: number) => new Date(ms).toISOString();

test('the seed day runs 12:00 to 12:00 Asia/Shanghai', () => {
  const day = dayWindow('2025-02-27', 'Asia/Shanghai', '12:00');
  assert.equal(iso(day.start), '2025-02-27T04:00:00.000Z');
  assert.equal(iso(day.end), '2025-02-28T04:00:00.000Z');
  assert.equal(hourlySteps(day).length, 24);
});

test('the default day is midnight to midnight UTC', () => {
  const day = dayWindow('2024-02-29', 'UTC', '00:00');
  assert.equal(iso(day.start), '2024-02-29T00:00:00.000Z');
  assert.equal(iso(day.end), '2024-03-01T00:00:00.000Z');
});

test('spring forward makes a 23-hour day, fall back a 25-hour one', () => {
  const spring = dayWindow('2025-03-09', 'America/New_York', '00:00');
  assert.equal(iso(spring.start), '2025-03-09T05:00:00.000Z');
  assert.equal(iso(spring.end), '2025-03-10T04:00:00.000Z');
  assert.equal((spring.end - spring.start) / HOUR_MS, 23);
  const fall = dayWindow('2025-11-02', 'America/New_York', '00:00');
  assert.equal((fall.end - fall.start) / HOUR_MS, 25);
  const hours = hourlySteps(fall);
  assert.equal(hours.length, 25);
  assert.ok(hours.every((h) => h.end - h.start === HOUR_MS));
  assert.equal(hours.at(-1)?.end, fall.end);
});

test('a day start the DST gap skips still tiles consecutive days', () => {
  const before = dayWindow('2025-03-08', 'America/New_York', '02:30');
  const gapDay = dayWindow('2025-03-09', 'America/New_York', '02:30');
  assert.equal(before.end, gapDay.start);
  assert.equal(iso(gapDay.start), '2025-03-09T07:30:00.000Z'); // 03:30 EDT
});

test('a day start in a half-hour zone', () => {
  const day = dayWindow('2025-06-01', 'Asia/Kolkata', '09:00');
  assert.equal(iso(day.start), '2025-06-01T03:30:00.000Z');
});

test('bad dates, times and zones are rejected', () => {
  assert.throws(() => dayWindow('2025-02-30', 'UTC', '00:00'), /not a date/);
  assert.throws(() => dayWindow('2025-2-3', 'UTC', '00:00'), /not a date/);
  assert.throws(() => dayWindow('2025-02-03', 'Mars/Olympus', '00:00'), /unknown time zone/);
  assert.throws(() => dayWindow('2025-02-03', 'UTC', '24:00'), /HH:MM/);
  assert.throws(() => dayWindow('2025-02-03', 'UTC', '7:00'), /HH:MM/);
});

test('dayContaining names the day whose window holds the instant', () => {
  const tz = 'Asia/Shanghai';
  assert.equal(dayContaining(Date.parse('2025-02-28T03:59:59.999Z'), tz, '12:00'), '2025-02-27');
  assert.equal(dayContaining(Date.parse('2025-02-28T04:00:00Z'), tz, '12:00'), '2025-02-28');
  assert.equal(dayContaining(Date.parse('2025-02-27T16:30:00Z'), tz, '12:00'), '2025-02-27');
  assert.equal(dayContaining(Date.parse('2025-11-02T05:30:00Z'), 'America/New_York', '00:00'), '2025-11-02');
});

test('hourly steps end with a partial hour when the window is not whole hours', () => {
  const window = { start: Date.parse('2025-02-27T04:00:00Z'), end: Date.parse('2025-02-27T06:30:00Z') };
  assert.deepEqual(
    hourlySteps(window).map((h) => [iso(h.start), iso(h.end)]),
    [
      ['2025-02-27T04:00:00.000Z', '2025-02-27T05:00:00.000Z'],
      ['2025-02-27T05:00:00.000Z', '2025-02-27T06:00:00.000Z'],
      ['2025-02-27T06:00:00.000Z', '2025-02-27T06:30:00.000Z'],
    ],
  );
  assert.equal(hourIndex(window, Date.parse('2025-02-27T06:29:00Z')), 2);
  assert.equal(hourIndex(window, window.end), -1);
  assert.throws(() => hourlySteps({ start: 5, end: 5 }), /not a time window/);
});

/** The day's start as TZDate resolves the wall time, without the fast path (the reference). */
const tzDateStart = (date: string, timeZone: string, dayStart: string) => {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = dayStart.split(':').map(Number);
  return new TZDate(y, m - 1, d, h, min, timeZone).getTime();
};

test('day windows agree with TZDate in zones with DST, half-hour and 45-minute offsets', () => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago', 'Asia/Shanghai'];
  fc.assert(
    fc.property(
      fc.constantFrom(...zones),
      fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2035-12-31T00:00:00Z') }),
      fc.integer({ min: 0, max: 1439 }),
      (zone, instant, minute) => {
        const date = new Date(instant).toISOString().slice(0, 10);
        const dayStart = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        assert.equal(dayWindow(date, zone, dayStart).start, tzDateStart(date, zone, dayStart));
        const named = dayContaining(instant, zone, dayStart);
        const day = dayWindow(named, zone, dayStart);
        assert.ok(day.start <= instant && instant < day.end, `${named} holds ${new Date(instant).toISOString()}`);
      },
    ),
    { numRuns: 3000 },
  );
});

test('the day starts inside a window are consecutive days, across every DST change of years', () => {
  const window = { start: Date.parse('2019-12-31T17:00:00Z'), end: Date.parse('2026-01-01T00:00:00Z') };
  for (const [zone, dayStart] of [['America/New_York', '02:30'], ['Australia/Lord_Howe', '02:00'], ['UTC', '00:00'], ['Asia/Shanghai', '12:00']]) {
    const starts = dayStartsWithin(window, zone, dayStart);
    for (let i = 0; i + 1 < starts.length; i++) {
      const day = dayWindow(dayContaining(starts[i], zone, dayStart), zone, dayStart);
      assert.deepEqual([day.start, day.end], [starts[i], starts[i + 1]], `${zone} day ${i}`);
    }
    assert.ok(starts[0] > window.start && starts.at(-1)! < window.end);
    assert.ok(dayWindow(dayContaining(window.start, zone, dayStart), zone, dayStart).end === starts[0]);
  }
});
