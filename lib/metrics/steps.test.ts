import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStep, gpuSteps, hourSpan, makeSteps, singleStep, stepContaining } from './steps';

const H = 3_600_000;
const T = Date.parse('2025-03-01T00:00:00Z');
const iso = (edges: number[]) => edges.map((e) => new Date(e).toISOString().slice(5, 16));

test('steps follow the clock of the zone; the first and last may be partial', () => {
  const s = makeSteps({ start: T + 17 * 60_000, end: T + 3 * H + 17 * 60_000 }, '1h');
  assert.deepEqual(iso(s.edges), ['03-01T00:17', '03-01T01:00', '03-01T02:00', '03-01T03:00', '03-01T03:17']);
  // India is UTC+5:30: its hours start at :30 UTC.
  const india = makeSteps({ start: T, end: T + 2 * H }, '1h', 'Asia/Kolkata');
  assert.deepEqual(iso(india.edges), ['03-01T00:00', '03-01T00:30', '03-01T01:30', '03-01T02:00']);
});

test('day steps are local days from the day start, 23 or 25 hours across DST', () => {
  const ny = makeSteps({ start: Date.parse('2025-03-08T05:00:00Z'), end: Date.parse('2025-03-11T04:00:00Z') }, '1d', 'America/New_York', '00:00');
  assert.deepEqual(iso(ny.edges), ['03-08T05:00', '03-09T05:00', '03-10T04:00', '03-11T04:00']);
  const shanghai = makeSteps({ start: Date.parse('2025-02-27T04:00:00Z'), end: Date.parse('2025-02-28T04:00:00Z') }, '1d', 'Asia/Shanghai', '12:00');
  assert.equal(shanghai.edges.length, 2);
});

test('the hour rollups answer the whole hours when no edge falls inside one', () => {
  assert.deepEqual(hourSpan(makeSteps({ start: T + 17 * 60_000, end: T + 3 * H + 17 * 60_000 }, '1h')), { start: T + H, end: T + 3 * H });
  assert.equal(hourSpan(makeSteps({ start: T, end: T + 2 * H }, '5m')), null);
  assert.equal(hourSpan(makeSteps({ start: T, end: T + 2 * H }, '1h', 'Asia/Kolkata')), null);
  assert.deepEqual(hourSpan(singleStep({ start: T + 60_000, end: T + 5 * H })), { start: T + H, end: T + 5 * H });
});

test('per-GPU steps widen to 10 minutes and keep hour edges', () => {
  const g = gpuSteps(makeSteps({ start: T + 17 * 60_000, end: T + 2 * H + 17 * 60_000 }, '1h'));
  assert.deepEqual(iso(g.edges), ['03-01T00:10', '03-01T01:00', '03-01T02:00', '03-01T02:20']);
  assert.equal(gpuSteps(makeSteps({ start: T, end: T + H }, '1m')).edges.length, 7);
});

test('the default step keeps a range to a few hundred points', () => {
  assert.deepEqual([1, 24, 24 * 7, 24 * 30].map((h) => defaultStep({ start: 0, end: h * H })), ['1m', '1h', '1h', '1d']);
  assert.throws(() => makeSteps({ start: T + 1, end: T + H }, '1h'), /whole minutes/);
});

test('stepContaining finds the step holding an instant, the ends for instants outside', () => {
  const steps = { window: { start: 0, end: 100 }, step: '1m' as const, timeZone: 'UTC', edges: [0, 10, 25, 60, 100] };
  assert.deepEqual([-5, 0, 9, 10, 24, 25, 59, 60, 99, 100, 500].map((t) => stepContaining(steps, t)), [0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3]);
});
