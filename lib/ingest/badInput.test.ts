import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { canonicalCsv } from '@/lib/ingest/formats/canonical-csv';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { parseBytes, parseText } from '@/lib/ingest/parse-testing';
import { openParsedStream, type ByteSource } from '@/lib/ingest/read';

const request = { type: 'request', request_id: 'r1', arrived_at: '2025-02-01T00:00:00Z', input_tokens: 10, output_tokens: 5, model: 'm' };
const line = (fields: object = {}) => JSON.stringify({ ...request, ...fields });
const errorsOf = (text: string) => parseText(canonicalJsonl, text).errors.map((e) => ({ line: e.line, field: e.field, message: e.message }));

test('invalid UTF-8 in a model name rejects the line, naming the field, rather than storing a new model', () => {
  const bytes = Buffer.from(line({ model: 'mX' }) + '\n' + line({ request_id: 'r2' }) + '\n');
  bytes[bytes.indexOf('mX') + 1] = 0xff;
  for (const chunk of [bytes.length, 1, 7]) {
    const out = parseBytes(canonicalJsonl, bytes, {}, chunk);
    assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[1, 'model', 'model is not valid UTF-8']], `chunks of ${chunk}`);
    assert.deepEqual(out.records.map((r) => r.type === 'request' && r.requestId), ['r2']);
  }
});

test('a valid U+FFFD in the input is kept: only bytes that are not UTF-8 reject a line', () => {
  const out = parseText(canonicalJsonl, line({ model: 'm\uFFFD' }));
  assert.deepEqual(out.errors, []);
  assert.equal(out.records.length, 1);
});

test('1e400 says the number is out of range, not "got null"', () => {
  const [e] = errorsOf(line().replace('"input_tokens":10', '"input_tokens":1e400'));
  assert.equal(e.field, 'input_tokens');
  assert.match(e.message, /out of range \(not a finite number\)/);
  assert.doesNotMatch(e.message, /null/);
});

test('NaN, negative and "12abc" numbers name the field and the reason', () => {
  assert.deepEqual(errorsOf(line().replace('"input_tokens":10', '"input_tokens":NaN')), [
    { line: 1, field: 'input_tokens', message: 'input_tokens must be a finite number, got NaN (not valid JSON)' },
  ]);
  assert.deepEqual(errorsOf(line({ output_tokens: -3 })), [{ line: 1, field: 'output_tokens', message: 'output_tokens must be an integer ≥ 0, got -3' }]);
  assert.deepEqual(errorsOf(line({ input_tokens: '12abc' })), [{ line: 1, field: 'input_tokens', message: 'input_tokens must be a number, got "12abc"' }]);
  const csv = parseText(canonicalCsv, 'request_id,arrived_at,input_tokens,output_tokens\nr,2025-02-01T00:00:00Z,NaN,1\nr2,2025-02-01T00:00:00Z,1e400,1\n');
  assert.deepEqual(csv.errors.map((e) => [e.line, e.field, e.message]), [
    [2, 'input_tokens', 'input_tokens must be a number, got "NaN"'],
    [3, 'input_tokens', 'input_tokens is out of range (not a finite number): "1e400"'],
  ]);
});

test('the same request id twice with different contents is a conflict naming the first line; identical repeats stay records (duplicates)', () => {
  const out = parseText(canonicalJsonl, [line(), line({ request_id: 'r2' }), line({ output_tokens: 6 }), line()].join('\n'));
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[3, 'request_id', 'the contents conflict with line 1, which gave request_id "r1" too']]);
  assert.deepEqual(out.records.map((r) => r.type === 'request' && r.requestId), ['r1', 'r2', 'r1']);
});

test('cached tokens above input tokens are rejected, naming cached_tokens', () => {
  assert.deepEqual(errorsOf(line({ cached_tokens: 11 })), [{ line: 1, field: 'cached_tokens', message: 'cached_tokens 11 exceeds input_tokens 10' }]);
});

test('a JSON array on a line is one rejected line', () => {
  const out = parseText(canonicalJsonl, `${line()}\n[1,2]\n${line({ request_id: 'r2' })}\n`);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[2, null, 'not a JSON object: an array']]);
  assert.equal(out.records.length, 2);
});

const source = (bytes: Buffer): ByteSource => Readable.from([bytes]);

test('an empty file and a binary file are refused whole', async () => {
  await assert.rejects(openParsedStream(source(Buffer.alloc(0)), { fileName: 'e.jsonl' }), /e\.jsonl is empty/);
  await assert.rejects(openParsedStream(source(Buffer.from([0, 1, 2, 0xff, 0, 0x89, 0x50, 0x4e])), { fileName: 'b.bin' }), /b\.bin is a binary file/);
});

test('a CSV header alone parses to no record and no error (ingest then refuses the file: lib/ingest/ingest.db.test.ts)', () => {
  const out = parseText(canonicalCsv, 'request_id,arrived_at,input_tokens,output_tokens\n');
  assert.deepEqual([out.records.length, out.errors.length, out.lines], [0, 0, 0]);
});

test('time going backwards inside a request (first token before arrival) rejects the line, naming the later field', () => {
  const [e] = errorsOf(line({ first_token_at: '2025-01-31T23:59:59Z' }));
  assert.equal(e.field, 'first_token_at');
  assert.match(e.message, /^first_token_at .* is before arrived_at /);
});
