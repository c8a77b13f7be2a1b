import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgArray } from './pgArray';

test('numbers, nulls and escaped strings make a PostgreSQL array literal', () => {
  assert.equal(pgArray([1, 2.5, null, -3n]), '{1,2.5,NULL,-3}');
  assert.equal(pgArray(['api', 'a"b', 'c\\d', '', 'NULL']), '{"api","a\\"b","c\\\\d","","NULL"}');
  assert.equal(pgArray([]), '{}');
});
