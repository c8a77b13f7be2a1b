import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Utf8Check } from '@/lib/ingest/utf8';

test('a character split across chunks is valid; a bad byte is found at its offset, in the chunk or in the carried bytes', () => {
  const euro = Buffer.from('a€b');
  const check = new Utf8Check();
  assert.deepEqual(check.push(euro.subarray(0, 2)), { complete: Buffer.from('a'), invalidAt: null });
  assert.equal(check.endsInside(), true);
  assert.deepEqual(check.push(euro.subarray(2)), { complete: Buffer.from('€b'), invalidAt: null });
  assert.equal(check.endsInside(), false);
  assert.deepEqual(new Utf8Check().push(Buffer.from([0x61, 0x62, 0xff])), { complete: Buffer.from('ab'), invalidAt: 2 });
  const carried = new Utf8Check();
  carried.push(Buffer.from([0x61, 0xe2, 0x82]));
  assert.equal(carried.push(Buffer.from([0x41])).invalidAt, -2);
  for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80, 0x80]]) assert.equal(new Utf8Check().push(Buffer.from(bad)).invalidAt, 0, String(bad));
});
