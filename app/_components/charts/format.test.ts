import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logTickShown } from './format';

test('a log axis labels 1, 2 and 5 of each decade only', () => {
  assert.deepEqual([1, 2, 3, 5, 8, 10, 20, 50, 100, 200, 300, 500, 8000, 10000, 15000, 0.2, 0].map(logTickShown),
    [true, true, false, true, false, true, true, true, true, true, false, true, false, true, false, true, false]);
});
