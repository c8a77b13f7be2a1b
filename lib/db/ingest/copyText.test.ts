import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyInstant } from './copyText';

test('instants keep sub-millisecond precision as microseconds', () => {
  const t = Date.parse('2025-02-27T04:00:00.123Z');
  assert.equal(copyInstant(t), '2025-02-27T04:00:00.123Z');
  assert.equal(copyInstant(t + 0.456), '2025-02-27T04:00:00.123456Z');
  assert.equal(copyInstant(t + 0.9999), '2025-02-27T04:00:00.124Z');
  assert.equal(copyInstant(null), '\\N');
});

test('instants format like toISOString across days, hours and the epoch', () => {
  for (const iso of ['1999-12-31T23:59:59.999Z', '2025-02-27T00:00:00.000Z', '2025-02-28T13:07:09.050Z', '2026-11-29T23:00:00.001Z']) {
    assert.equal(copyInstant(Date.parse(iso)), iso);
  }
});
