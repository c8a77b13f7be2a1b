import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInLocalTimeRange, localMinuteOfDay, localTimeRangeCoverage } from '@/lib/time/localTime';

const offPeak = { from: '00:30', to: '08:30', timeZone: 'Asia/Shanghai' };
const at = (text: string) => Date.parse(text);

test('local minute of day follows the zone and DST', () => {
  assert.equal(localMinuteOfDay(at('2025-02-27T16:30:00Z'), 'Asia/Shanghai'), 30);
  assert.equal(localMinuteOfDay(at('2025-03-09T06:59:00Z'), 'America/New_York'), 1 * 60 + 59);
  assert.equal(localMinuteOfDay(at('2025-03-09T07:00:00Z'), 'America/New_York'), 3 * 60);
});

test('off-peak 00:30–08:30 Asia/Shanghai includes its start and excludes its end', () => {
  assert.equal(isInLocalTimeRange(at('2025-02-27T16:29:59.999Z'), offPeak), false); // 00:29:59.999
  assert.equal(isInLocalTimeRange(at('2025-02-27T16:30:00Z'), offPeak), true); // 00:30
  assert.equal(isInLocalTimeRange(at('2025-02-28T00:29:59Z'), offPeak), true); // 08:29:59
  assert.equal(isInLocalTimeRange(at('2025-02-28T00:30:00Z'), offPeak), false); // 08:30
});

test('a range that wraps midnight', () => {
  const night = { from: '22:00', to: '06:00', timeZone: 'UTC' };
  assert.equal(isInLocalTimeRange(at('2025-01-01T23:00:00Z'), night), true);
  assert.equal(isInLocalTimeRange(at('2025-01-01T03:00:00Z'), night), true);
  assert.equal(isInLocalTimeRange(at('2025-01-01T06:00:00Z'), night), false);
  assert.equal(isInLocalTimeRange(at('2025-01-01T21:59:00Z'), night), false);
  assert.throws(() => isInLocalTimeRange(0, { from: '06:00', to: '06:00', timeZone: 'UTC' }), /empty/);
});

test('coverage tells whether a bucket straddles an edge', () => {
  const minute = (iso: string) => ({ start: at(iso), end: at(iso) + 60_000 });
  assert.equal(localTimeRangeCoverage(minute('2025-02-27T16:29:00Z'), offPeak), 'outside');
  assert.equal(localTimeRangeCoverage(minute('2025-02-27T16:30:00Z'), offPeak), 'inside');
  const hour = (iso: string) => ({ start: at(iso), end: at(iso) + 3_600_000 });
  assert.equal(localTimeRangeCoverage(hour('2025-02-27T16:00:00Z'), offPeak), 'mixed'); // 00:00–01:00
  assert.equal(localTimeRangeCoverage(hour('2025-02-27T16:30:00Z'), offPeak), 'inside'); // 00:30–01:30
  assert.equal(localTimeRangeCoverage(hour('2025-02-27T23:30:00Z'), offPeak), 'inside'); // 07:30–08:30
  assert.equal(localTimeRangeCoverage(hour('2025-02-28T00:00:00Z'), offPeak), 'mixed'); // 08:00–09:00
  assert.equal(localTimeRangeCoverage(hour('2025-02-28T04:00:00Z'), offPeak), 'outside');
  assert.equal(localTimeRangeCoverage({ start: 0, end: 26 * 3_600_000 }, offPeak), 'mixed');
});

test('coverage across a DST change checks the wall clock, not the offset at the start', () => {
  // 01:00 EST to 04:00 EDT on 2025-03-09: the range 02:00–03:00 never shows on the wall clock.
  const skipped = { from: '02:00', to: '03:00', timeZone: 'America/New_York' };
  const window = { start: at('2025-03-09T06:00:00Z'), end: at('2025-03-09T08:00:00Z') };
  assert.equal(localTimeRangeCoverage(window, skipped), 'outside');
  const early = { from: '00:30', to: '03:30', timeZone: 'America/New_York' };
  assert.equal(localTimeRangeCoverage(window, early), 'mixed'); // leaves the range at 03:30 EDT
});
