import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { FormatError, type ParseOutput } from '@/lib/ingest/format';
import { openParsedStream } from '@/lib/ingest/read';

const line = (i: number) => `{"type":"request","request_id":"r${i}","arrived_at":"2025-02-27T04:00:00Z","input_tokens":${i},"output_tokens":1}\n`;
const jsonl = (n: number) => Array.from({ length: n }, (_, i) => line(i)).join('');

async function collect(outputs: AsyncIterable<ParseOutput>): Promise<ParseOutput> {
  const all: ParseOutput = { records: [], errors: [], lines: 0 };
  for await (const out of outputs) {
    all.records.push(...out.records);
    all.errors.push(...out.errors);
    all.lines += out.lines;
  }
  return all;
}

const inChunks = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

test('gzip is recognised by its bytes, not its name: a .jsonl that is gzip and a .gz that is plain both load', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'read-test-'));
  try {
    const text = jsonl(1000);
    const gzipped = gzipSync(text);
    writeFileSync(path.join(dir, 'requests.jsonl'), gzipped);
    writeFileSync(path.join(dir, 'requests.jsonl.gz'), text);
    for (const name of ['requests.jsonl', 'requests.jsonl.gz']) {
      const parsed = await openParsedStream(createReadStream(path.join(dir, name), { highWaterMark: 1000 }));
      assert.equal(parsed.format.name, 'jsonl');
      const out = await collect(parsed.outputs);
      assert.equal(out.records.length, 1000, name);
      assert.equal(out.lines, 1000, name);
      assert.equal(parsed.bytesRead(), name === 'requests.jsonl' ? gzipped.length : Buffer.byteLength(text), name);
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a gzip magic split across chunks, and concatenated gzip members, still decompress', async () => {
  const text = jsonl(10);
  const twoMembers = Buffer.concat([gzipSync(text.slice(0, 333)), gzipSync(text.slice(333))]);
  const parsed = await openParsedStream(inChunks(twoMembers, 1));
  const out = await collect(parsed.outputs);
  assert.deepEqual(out.errors, []);
  assert.equal(out.records.length, 10);
});

test('an unrecognised or empty file is a clear FormatError', async () => {
  await assert.rejects(openParsedStream(Readable.from([Buffer.from('hello\nworld\n')])), (e) => e instanceof FormatError && /^unrecognised format: .*jsonl .*csv .*mooncake/.test(e.message));
  await assert.rejects(openParsedStream(Readable.from([gzipSync('hello\n')])), /unrecognised format/);
  await assert.rejects(openParsedStream(Readable.from([])), /the file is empty/);
});

test('a binary file is said to be binary, in one line naming it, before and after gzip', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const binary = (bytes: Buffer) => openParsedStream(Readable.from([bytes]), { fileName: 'shot.png' });
  await assert.rejects(binary(png), (e) =>
    e instanceof FormatError && /^shot\.png is a binary file \(not text, not gzip\): FleetLedger reads UTF-8 text, plain or gzip: canonical JSONL/.test(e.message) && !e.message.includes('\n'));
  await assert.rejects(binary(gzipSync(png)), /: shot\.png is a gzip file of binary data \(not text\): /);
  await assert.rejects(binary(Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1')), /: shot\.png is a binary file \(a zip archive; not text, not gzip\)/);
  // No NUL byte, but not UTF-8 and no format: binary too (a Windows-1252 file of prose).
  await assert.rejects(binary(Buffer.from('caf\xe9 cr\xe8me\n', 'latin1')), /is a binary file/);
  // A recognised text file with a stray Latin-1 byte still loads, but not the line holding it (its id would not be the one sent).
  const latin1 = Buffer.concat([Buffer.from(line(1)), Buffer.from(line(2).replace('r2', 'r\xe9'), 'latin1')]);
  const out = await collect((await openParsedStream(Readable.from([latin1]))).outputs);
  assert.equal(out.records.length, 1);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[2, 'request_id', 'request_id is not valid UTF-8']]);
});

test('corrupt gzip data is reported as such', async () => {
  const gzipped = gzipSync(jsonl(20_000));
  const truncated = gzipped.subarray(0, gzipped.length - 100);
  const parsed = await openParsedStream(inChunks(truncated, 4096));
  await assert.rejects(collect(parsed.outputs), (e) => e instanceof FormatError && /^corrupt gzip data/.test(e.message));
});

test('a format can be named instead of detected', async () => {
  const text = Buffer.from('arrived_at,input_tokens,output_tokens\n2025-02-27T04:00:00Z,1,1\n');
  const parsed = await openParsedStream(Readable.from([text]), { format: 'burstgpt' });
  assert.equal(parsed.format.name, 'burstgpt');
  await assert.rejects(collect(parsed.outputs), /BurstGPT CSV header \(line 1\) lacks column\(s\) Timestamp/);
  await assert.rejects(openParsedStream(Readable.from([text]), { format: 'nope' }), /unknown format nope/);
});

test('reading is pulled by the consumer: memory stays bounded however large the input', async () => {
  const chunk = Buffer.from(jsonl(600));
  let produced = 0;
  const endless = new Readable({
    read() {
      produced += chunk.length;
      this.push(chunk);
    },
  });
  const parsed = await openParsedStream(endless);
  let outputs = 0;
  for await (const out of parsed.outputs) {
    assert.deepEqual(out.errors, []);
    if (++outputs === 50) break;
  }
  // One output per chunk of input: at most a couple of chunks are read ahead of the consumer.
  assert.ok(parsed.bytesRead() <= 52 * chunk.length, `read ${parsed.bytesRead()} bytes for 50 outputs`);
  assert.ok(produced <= 55 * chunk.length, `produced ${produced} bytes`);
  assert.ok(endless.destroyed);
});

test('line numbers count from 1 over the decompressed file across chunks', async () => {
  const text = `${line(0)}\n{"type":"request"}\n${line(2)}`;
  const parsed = await openParsedStream(inChunks(gzipSync(text), 7));
  const out = await collect(parsed.outputs);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[3, 'arrived_at']]);
  assert.equal(out.lines, 3);
});
