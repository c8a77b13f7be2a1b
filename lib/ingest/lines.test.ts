import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '@/lib/ingest/lines';

type Event = [number, string] | [number, 'OVERLONG', string];

function split(chunks: Buffer[], maxLineBytes?: number): Event[] {
  const events: Event[] = [];
  const splitter = new LineSplitter(
    {
      line: (text, n) => events.push([n, text]),
      overlong: (n, excerpt) => events.push([n, 'OVERLONG', excerpt]),
    },
    maxLineBytes,
  );
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return events;
}

/** Every way of cutting `bytes` into two chunks, and into three around each byte. */
function everySplit(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i - 1), bytes.subarray(i - 1, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

test('lines, \\r\\n, blank lines, multi-byte characters and a final line without newline, at every chunk boundary', () => {
  const text = 'first\r\n\nzwölf €uro 🚀\r\n  \nlast';
  const expected: Event[] = [[1, 'first'], [2, ''], [3, 'zwölf €uro 🚀'], [4, '  '], [5, 'last']];
  for (const chunks of everySplit(Buffer.from(text))) assert.deepEqual(split(chunks), expected);
});

test('a trailing newline does not make an extra line', () => {
  assert.deepEqual(split([Buffer.from('a\nb\n')]), [[1, 'a'], [2, 'b']]);
  assert.deepEqual(split([Buffer.from('')]), []);
});

test('a UTF-8 byte-order mark is dropped from the first line only', () => {
  for (const chunks of everySplit(Buffer.from('\uFEFFa,b\n\uFEFFc'))) {
    assert.deepEqual(split(chunks), [[1, 'a,b'], [2, '\uFEFFc']]);
  }
});

test('an overlong line is reported with its number and excerpt, and the lines after it continue, at every chunk boundary', () => {
  const text = 'short\n0123456789ABCDEF\nok\r\nxxxxxxxxxxxxxxxxxxxxxxx';
  const expected: Event[] = [[1, 'short'], [2, 'OVERLONG', '0123456789ABCDEF'], [3, 'ok'], [4, 'OVERLONG', 'xxxxxxxxxxxxxxxxxxxxxxx']];
  for (const chunks of everySplit(Buffer.from(text))) assert.deepEqual(split(chunks, 10), expected);
});

test('a line of exactly maxLineBytes is kept, one byte more is overlong', () => {
  assert.deepEqual(split([Buffer.from('0123456789\n01234567890\n')], 10), [[1, '0123456789'], [2, 'OVERLONG', '01234567890']]);
});

test('a line over 1 MiB is skipped without buffering it, and the rest of the file loads', () => {
  const long = Buffer.alloc(3 * 1024 * 1024, 'x');
  const chunks: Buffer[] = [Buffer.from('before\n')];
  for (let i = 0; i < long.length; i += 64 * 1024) chunks.push(long.subarray(i, i + 64 * 1024));
  chunks.push(Buffer.from('\nafter\n'));
  const events: Event[] = [];
  let peakCarry = 0;
  const splitter = new LineSplitter({
    line: (text, n) => events.push([n, text]),
    overlong: (n, excerpt) => events.push([n, 'OVERLONG', excerpt]),
  });
  for (const c of chunks) {
    splitter.push(c);
    peakCarry = Math.max(peakCarry, (splitter as unknown as { carryBytes: number }).carryBytes);
  }
  splitter.end();
  assert.deepEqual(events, [[1, 'before'], [2, 'OVERLONG', 'x'.repeat(200)], [3, 'after']]);
  assert.ok(peakCarry <= 1024 * 1024, `carried ${peakCarry} bytes`);
});

test('an overlong line inside one big chunk is found among short lines', () => {
  const big = Buffer.from(`a\n${'y'.repeat(40)}\nb\n${'z'.repeat(25)}\nc`);
  assert.deepEqual(split([big], 20), [[1, 'a'], [2, 'OVERLONG', 'y'.repeat(40)], [3, 'b'], [4, 'OVERLONG', 'z'.repeat(25)], [5, 'c']]);
});

test('a chunk is not kept after push: lines come out whole when the reader reuses one buffer', () => {
  const text = 'first line\nsecond, longer line\r\nzwölf 🚀\n\nan overlong line of forty bytes or so...\nlast';
  const expected = split([Buffer.from(text)], 30);
  for (const size of [1, 3, 7, 16]) {
    const events: Event[] = [];
    const splitter = new LineSplitter({ line: (t, n) => events.push([n, t]), overlong: (n, e) => events.push([n, 'OVERLONG', e]) }, 30);
    const reused = Buffer.alloc(size);
    for (let at = 0; at < Buffer.byteLength(text); at += size) {
      const n = Buffer.from(text).copy(reused, 0, at, at + size);
      splitter.push(reused.subarray(0, n));
      reused.fill(0x78); // what the next read would overwrite
    }
    splitter.end();
    assert.deepEqual(events, expected, `chunks of ${size}`);
  }
});
