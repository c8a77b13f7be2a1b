import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { WireError, WireReader } from '@/lib/ingest/remoteWrite/wire';

test('int64 and uint32 varints read as protobufjs writes them, negative ones included', () => {
  const int64s = [0, 1, 127, 128, 1_740_628_800_000, 2 ** 53 - 1, -1, -1500, -(2 ** 31), -(2 ** 53 - 1)];
  const uint32s = [0, 1, 300, 2 ** 31, 2 ** 32 - 1];
  const writer = protobuf.Writer.create();
  for (const n of int64s) writer.int64(n);
  for (const n of uint32s) writer.uint32(n);
  const r = new WireReader(Buffer.from(writer.finish()));
  assert.deepEqual(int64s.map(() => r.int64()), int64s);
  assert.deepEqual(uint32s.map(() => r.uint32()), uint32s);
  assert.equal(r.pos, r.end);
});

test('a varint or a length past the end is a WireError at its byte', () => {
  assert.throws(() => new WireReader(Buffer.from([0x96])).uint32(), (e) => e instanceof WireError && e.message === 'truncated varint' && e.offset === 1);
  assert.throws(() => new WireReader(Buffer.from([0x05, 0x61])).string(), (e) => e instanceof WireError && /length 5 runs past the end/.test(e.message));
  assert.throws(() => new WireReader(Buffer.alloc(11, 0xff)).int64(), (e) => e instanceof WireError && /longer than 10 bytes/.test(e.message));
});
