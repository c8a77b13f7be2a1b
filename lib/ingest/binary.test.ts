import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBinary } from './binary';

test('text is UTF-8 without NUL bytes; a head cut inside its last character is still text', () => {
  const text = Buffer.from('crème brûlée,1\n');
  assert.equal(isBinary(text, { cut: false, strict: true }), false);
  const cut = text.subarray(0, text.indexOf('è') + 1); // the first byte of a two-byte character
  assert.equal(isBinary(cut, { cut: true, strict: true }), false);
  assert.equal(isBinary(cut, { cut: false, strict: true }), true, 'a file that ends inside a character is not UTF-8');
});

test('a NUL byte is binary even in a recognised file; bytes that are not UTF-8 only when no format read the head', () => {
  assert.equal(isBinary(Buffer.from('a,b\n1,\u0000\n'), { cut: false, strict: false }), true);
  const latin1 = Buffer.from('caf\xe9\n', 'latin1');
  assert.equal(isBinary(latin1, { cut: false, strict: false }), false);
  assert.equal(isBinary(latin1, { cut: false, strict: true }), true);
});
