import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvSyntaxError, splitCsvLine } from '@/lib/ingest/csv';

test('plain cells, empty cells and a trailing empty cell', () => {
  assert.deepEqual(splitCsvLine('a,b,c'), ['a', 'b', 'c']);
  assert.deepEqual(splitCsvLine(',x,,'), ['', 'x', '', '']);
  assert.deepEqual(splitCsvLine(''), ['']);
});

test('quoted cells may hold commas and doubled quotes', () => {
  assert.deepEqual(splitCsvLine('"a,b",c,"say ""hi""",""'), ['a,b', 'c', 'say "hi"', '']);
  assert.deepEqual(splitCsvLine('x,"y"'), ['x', 'y']);
  assert.deepEqual(splitCsvLine('"",'), ['', '']);
});

test('malformed quoting is an error naming the column', () => {
  const unterminated = splitCsvLine('a,"open');
  assert.ok(unterminated instanceof CsvSyntaxError);
  assert.match(unterminated.message, /unterminated quoted field in column 2/);
  const after = splitCsvLine('"a"b,c');
  assert.ok(after instanceof CsvSyntaxError);
  assert.match(after.message, /after the closing quote in column 1/);
  const stray = splitCsvLine('a,b"c,"d"');
  assert.ok(stray instanceof CsvSyntaxError);
  assert.match(stray.message, /stray quote in unquoted column 2/);
});
