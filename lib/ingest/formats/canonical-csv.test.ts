import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '@/lib/ingest/format';
import { canonicalCsv, readHeader } from '@/lib/ingest/formats/canonical-csv';
import { everyCut, parseText } from '@/lib/ingest/parse-testing';
import type { GpuSampleRecord, RequestRecord } from '@/lib/ingest/records';

const REQUESTS = [
  'output_tokens,arrived_at,request_id,input_tokens,cached_tokens,model,comment',
  '600,2025-02-27T04:00:01.5Z,a,5000,3000,deepseek-r1,"first, quoted"',
  '',
  '7,1740628802000,b,70,,,',
  '1,2025-02-27T04:00:03Z,c,abc,,,',
  '1,2025-02-27T04:00:03Z,d,0x10,,,',
  '1,2025-02-27T04:00:03Z,e,5',
  '1,2025-02-27T04:00:03Z,f,5,,"open,',
  '2,2025-02-27T04:00:04Z,g,20,,r1,\r',
].join('\n');

test('fields in any column order, an empty cell is absent, unknown columns are ignored, the header is line 1', () => {
  const out = parseText(canonicalCsv, REQUESTS);
  const requests = out.records as RequestRecord[];
  assert.deepEqual(requests.map((r) => r.requestId), ['a', 'b', 'g']);
  assert.deepEqual([requests[0].inputTokens, requests[0].cachedTokens, requests[0].outputTokens, requests[0].model], [5000, 3000, 600, 'deepseek-r1']);
  assert.deepEqual([requests[1].arrivedAt, requests[1].cachedTokens, requests[1].model], [1_740_628_802_000, 0, null]);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[5, 'input_tokens'], [6, 'input_tokens'], [7, null], [8, null]]);
  assert.equal(out.errors[0].message, 'input_tokens must be a number, got "abc"');
  assert.equal(out.errors[2].message, 'expected 7 columns as in the header, got 4');
  assert.match(out.errors[3].message, /^invalid CSV: unterminated quoted field in column 6/);
  assert.equal(out.lines, 7);
});

test('the same records and errors come out wherever the input is cut into chunks', () => {
  const whole = parseText(canonicalCsv, REQUESTS);
  for (const out of everyCut(canonicalCsv, REQUESTS)) assert.deepEqual(out, whole);
});

test('each record type is recognised from its header', () => {
  assert.deepEqual(readHeader(['arrived_at', 'input_tokens', 'output_tokens']), { type: 'request', missing: [] });
  assert.deepEqual(readHeader(['ts', 'interval_s', 'node', 'gpu', 'role', 'util_pct']), { type: 'gpu_sample', missing: [] });
  assert.deepEqual(readHeader(['ts', 'node', 'state', 'gpu_type']), { type: 'node_event', missing: [] });
  assert.deepEqual(readHeader(['ts', 'interval_s', 'phase', 'layer', 'expert', 'node', 'gpu', 'tokens']), { type: 'expert_load', missing: [] });
  assert.deepEqual(readHeader(['arrived_at', 'input_tokens']), { type: 'request', missing: ['output_tokens'] });
  assert.equal(readHeader(['TIMESTAMP', 'ContextTokens', 'GeneratedTokens']), null);
});

test('gpu samples read numbers from cells, and a bad cell names its column', () => {
  const out = parseText(canonicalCsv, 'ts,interval_s,node,gpu,role,util_pct\n2025-02-27T04:00:10Z,10,d-001,7,decode,71.5\n2025-02-27T04:00:10Z,10,d-001,8.5,decode,\n');
  assert.equal((out.records[0] as GpuSampleRecord).utilPct, 71.5);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[3, 'gpu', 'gpu must be an integer from 0 to 63, got 8.5']]);
});

test('a header lacking a required column, or naming one twice, makes the file unusable', () => {
  assert.throws(() => parseText(canonicalCsv, 'arrived_at,input_tokens\n2025-02-27T04:00:00Z,1\n'), (e) => e instanceof FormatError && /request records lacks required column\(s\) output_tokens/.test(e.message));
  assert.throws(() => parseText(canonicalCsv, 'arrived_at,input_tokens,output_tokens,input_tokens\n'), /names column input_tokens twice/);
});

test('detected by a canonical header, after a byte-order mark or blank lines', () => {
  assert.equal(canonicalCsv.detect('\uFEFFts,node,state\r\n'), true);
  assert.equal(canonicalCsv.detect('\n\narrived_at,input_tokens,output_tokens\n'), true);
  assert.equal(canonicalCsv.detect('TIMESTAMP,ContextTokens,GeneratedTokens\n'), false);
  assert.equal(canonicalCsv.detect('{"type":"request"}\n'), false);
});
