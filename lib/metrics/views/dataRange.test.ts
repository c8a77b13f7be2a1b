import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataRangeHref } from './dataRange';

test('the range of a job covers the minutes of its first and last record, and a single instant too', () => {
  assert.equal(dataRangeHref('2024-01-01T00:00:00.000Z', '2024-01-01T00:03:41.200Z'), '/?from=2024-01-01T00:00Z&to=2024-01-01T00:04Z');
  assert.equal(dataRangeHref('2025-02-27T04:10:00.000Z', '2025-02-27T04:10:00.000Z'), '/?from=2025-02-27T04:10Z&to=2025-02-27T04:11Z');
});
