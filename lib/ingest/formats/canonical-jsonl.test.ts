import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { everyCut, parseText } from '@/lib/ingest/parse-testing';

const MIXED = [
  '{"type":"node_event","ts":"2025-02-27T04:00:00Z","node":"d-001","state":"decode","gpu_type":"H800","gpu_count":8}',
  '',
  '{"type":"request","arrived_at":"2025-02-27T04:00:01.5Z","input_tokens":5000,"cached_tokens":3000,"output_tokens":600,"model":"deepseek-r1","source":"api"}\r',
  '{"type":"gpu_sample","ts":"2025-02-27T04:00:10Z","interval_s":10,"node":"d-001","gpu":7,"role":"decode","output_tokens":1900,"util_pct":71.5}',
  '{"type":"request","arrived_at":"2025-02-27T04:00:02Z","input_tokens":-1,"output_tokens":1}',
  '{"type":"expert_load","ts":"2025-02-27T04:10:00Z","interval_s":600,"phase":"decode","layer":3,"expert":255,"node":"d-001","gpu":7,"tokens":123456,"note":"é"}',
].join('\n');

test('a file may mix the four record types; blank lines are not data', () => {
  const out = parseText(canonicalJsonl, MIXED);
  assert.deepEqual(out.records.map((r) => r.type), ['node_event', 'request', 'gpu_sample', 'expert_load']);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[5, 'input_tokens']]);
  assert.equal(out.lines, 5);
});

test('the same records and errors come out wherever the input is cut into chunks', () => {
  const whole = parseText(canonicalJsonl, MIXED);
  for (const out of everyCut(canonicalJsonl, MIXED)) assert.deepEqual(out, whole);
});

test('detected by a first object whose type is a record name', () => {
  assert.equal(canonicalJsonl.detect(MIXED), true);
  assert.equal(canonicalJsonl.detect('\n\n{"type":"gpu_sample"}\n'), true);
  assert.equal(canonicalJsonl.detect('{"timestamp": 0, "input_length": 1, "output_length": 1}\n'), false);
  assert.equal(canonicalJsonl.detect('{"type":"span"}\n'), false);
  assert.equal(canonicalJsonl.detect('arrived_at,input_tokens,output_tokens\n'), false);
  // A first line longer than the head is cut off: its type still shows.
  assert.equal(canonicalJsonl.detect(`{"type": "request", "model": "${'m'.repeat(70_000)}`.slice(0, 65_536)), true);
});
