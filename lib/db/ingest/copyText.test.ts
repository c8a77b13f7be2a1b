import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyNumber, copyText } from './copyText';

test('strings escape the characters COPY text format treats specially', () => {
  assert.equal(copyText('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
  assert.equal(copyText('plain'), 'plain');
});

test('null becomes \\N for text and numbers', () => {
  assert.equal(copyText(null), '\\N');
  assert.equal(copyNumber(null), '\\N');
  assert.equal(copyNumber(1.5), '1.5');
});
