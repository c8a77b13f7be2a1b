import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromLocalText, localText, windowText } from './localText';

test('a local time reads and prints on the wall clock of its zone, 24-hour', () => {
  assert.equal(localText(Date.parse('2025-02-27T04:00:00Z'), 'Asia/Shanghai'), '2025-02-27 12:00');
  assert.equal(localText(Date.parse('2025-02-27T16:30:00Z'), 'UTC'), '2025-02-27 16:30');
  assert.equal(fromLocalText('2025-02-27 12:00', 'Asia/Shanghai'), '2025-02-27T04:00:00.000Z');
  assert.equal(fromLocalText('2025-02-27T12:00', 'UTC'), '2025-02-27T12:00:00.000Z');
  assert.equal(windowText(Date.parse('2025-02-27T04:00:00Z'), Date.parse('2025-02-28T04:00:00Z'), 'Asia/Shanghai'), '2025-02-27 12:00 – 2025-02-28 12:00 Asia/Shanghai');
});

test('what is not a local time, or not in a known zone, reads as null', () => {
  for (const bad of ['02/27/2025, 12:00 PM', '2025-13-01 00:00', '2025-02-30 10:00', '2025-02-27 24:00', '']) assert.equal(fromLocalText(bad, 'UTC'), null, bad);
  assert.equal(fromLocalText('2025-02-27 12:00', 'Not/AZone'), null);
});
