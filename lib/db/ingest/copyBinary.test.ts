import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryRows, BufferPool, isLowerUuid, reorderRows } from './copyBinary';

const HEADER_BYTES = 19;

function fieldsOf(buf: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let pos = HEADER_BYTES;
  const count = buf.readInt16BE(pos);
  pos += 2;
  for (let i = 0; i < count; i++) {
    const len = buf.readInt32BE(pos);
    pos += 4;
    fields.push(len < 0 ? Buffer.alloc(0) : buf.subarray(pos, pos + len));
    pos += Math.max(len, 0);
  }
  assert.equal(buf.readInt16BE(pos), -1, 'trailer');
  return fields;
}

test('the header is the COPY BINARY signature with no flags', () => {
  const buf = new BinaryRows().finish();
  assert.equal(buf.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
  assert.equal(buf.length, HEADER_BYTES + 2);
});

test('timestamps count microseconds from 2000-01-01, sub-millisecond fractions kept', () => {
  const [at, before] = fieldsOf(new BinaryRows().row(2).timestamptz(Date.UTC(2000, 0, 1) + 1.5).timestamptz(Date.UTC(1999, 11, 31, 23, 59, 59)).finish());
  assert.equal(at.readBigInt64BE(), 1500n);
  assert.equal(before.readBigInt64BE(), -1_000_000n);
});

test('bigints beyond 32 bits, floats, small ints and nulls', () => {
  const [big, f, s, n] = fieldsOf(new BinaryRows().row(4).int8(2 ** 40 + 7).float8(0.25).int2(-3).int8(null).finish());
  assert.equal(big.readBigInt64BE(), 2n ** 40n + 7n);
  assert.equal(f.readDoubleBE(), 0.25);
  assert.equal(s.readInt16BE(), -3);
  assert.equal(n.length, 0);
});

test('text is UTF-8 with its byte length, and the buffer grows past its first size', () => {
  const long = 'é'.repeat(100);
  const [t] = fieldsOf(new BinaryRows(64).row(1).text(long).finish());
  assert.equal(t.toString('utf8'), long);
  assert.equal(t.length, 200);
});

test('UUIDs become their 16 bytes, either case; anything else is refused', () => {
  const [u] = fieldsOf(new BinaryRows().row(1).uuid('0123ABCD-4567-89ab-cdef-0123456789AB').finish());
  assert.equal(u.toString('hex'), '0123abcd456789abcdef0123456789ab');
  assert.throws(() => new BinaryRows().uuid('0123abcd-4567-89ab-cdef-0123456789a'), /not a UUID/);
  assert.throws(() => new BinaryRows().uuid('0123abcd-4567-89ab-cdef-0123456789abc'), /not a UUID/);
  assert.throws(() => new BinaryRows().uuid('0123abcd-4567-89ab-cdef-0123456789ag'), /not a UUID/);
});

test('rows can be put in another order, header and trailer kept', () => {
  const rows = new BinaryRows(64);
  const starts: number[] = [];
  for (const s of ['a', 'bbb', 'cc']) {
    starts.push(rows.offset);
    rows.row(1).text(s);
  }
  const data = rows.finish();
  const reordered = reorderRows(data, Uint32Array.from(starts), Uint32Array.from([2, 0, 1]));
  assert.equal(reordered.length, data.length);
  assert.deepEqual(reordered.subarray(0, HEADER_BYTES), data.subarray(0, HEADER_BYTES));
  const texts: string[] = [];
  let pos = HEADER_BYTES;
  for (let n = 0; n < 3; n++) {
    const len = reordered.readInt32BE(pos + 2);
    texts.push(reordered.toString('utf8', pos + 6, pos + 6 + len));
    pos += 6 + len;
  }
  assert.deepEqual(texts, ['cc', 'a', 'bbb']);
  assert.equal(reordered.readInt16BE(pos), -1, 'trailer');
});

test('a UUID refused half-way does not leave its bytes for the next one', () => {
  const good = '0123abcd-4567-89ab-cdef-0123456789ab';
  const rows = new BinaryRows();
  rows.row(1).uuid(good);
  assert.throws(() => new BinaryRows().uuid('ffffffff-ffff-ffff-ffff-fffffffffffg'), /not a UUID/);
  const [u] = fieldsOf(new BinaryRows().row(1).uuid(good).finish());
  assert.equal(u.toString('hex'), '0123abcd456789abcdef0123456789ab');
});

test('a pool hands back the smallest buffer that fits, and never a slice of the shared slab', () => {
  const pool = new BufferPool(4);
  const large = new BinaryRows(1 << 20, pool).row(1).int4(7).finish();
  const small = new BinaryRows(1 << 17, pool).row(1).int4(8).finish();
  pool.give(large);
  pool.give(small);
  pool.give(Buffer.allocUnsafe(100)); // from the slab: ignored
  assert.equal(pool.take(1000).buffer, small.buffer);
  assert.equal(pool.take(1000).buffer, large.buffer);
  assert.notEqual(pool.take(1000).buffer, small.buffer);
});

test('short text is UTF-8 too, whether or not it is ASCII', () => {
  const [ascii, accented, empty] = fieldsOf(new BinaryRows(64).row(3).text('decode').text('nœud-é').text('').finish());
  assert.equal(ascii.toString('utf8'), 'decode');
  assert.equal(accented.toString('utf8'), 'nœud-é');
  assert.equal(accented.length, Buffer.byteLength('nœud-é'));
  assert.equal(empty.length, 0);
});

test('isLowerUuid accepts only canonical lower-case UUIDs, and a UUID it accepted is written from its bytes', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
  assert.equal(isLowerUuid(id), true);
  for (const bad of [id.toUpperCase(), id.replace('-', ''), `${id}0`, id.replace('e', 'g'), '0f8fad5bd-9cb-469f-a165-70867728950e', '']) {
    assert.equal(isLowerUuid(bad), false, bad);
  }
  // A rejected text after an accepted one must not leave the accepted bytes cached for it.
  assert.equal(isLowerUuid('0f8fad5b-d9cb-469f-a165-7086772895zz'), false);
  const rows = new BinaryRows();
  rows.row(1).uuid('0f8fad5b-d9cb-469f-a165-7086772895ff');
  assert.equal(fieldsOf(rows.finish())[0].toString('hex'), '0f8fad5bd9cb469fa1657086772895ff');
});

test('isLowerUuid rejects non-ASCII characters whose low bits spell a hex digit', () => {
  // U+0130 and U+00E1 end in the bits of '0' and 'a'.
  assert.equal(isLowerUuid('0f8fad5b-d9cb-469f-a165-70867728950\u0130'), false);
  assert.equal(isLowerUuid('\u00e1f8fad5b-d9cb-469f-a165-70867728950e'), false);
});
