import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_TRACE_START } from '@/lib/ingest/format';
import { mooncakeTrace } from '@/lib/ingest/formats/mooncake';
import { everyCut, parseFile, parseText } from '@/lib/ingest/parse-testing';
import type { RequestRecord } from '@/lib/ingest/records';
import { fixture } from '@/lib/testing/fixtures';

const DIR = fixture('mooncake');
const sum = (rs: RequestRecord[], f: (r: RequestRecord) => number) => rs.reduce((s, r) => s + f(r), 0);

// Ground truth from fixtures/mooncake/PROVENANCE.md, computed there without this parser.
for (const [file, rows, input, output, cached, lastMs] of [
  ['conversation_trace_first800.jsonl', 800, 11_075_086, 278_009, 2_155_437, 267_000],
  ['synthetic_trace_first800.jsonl', 800, 9_403_832, 156_762, 1_391_585, 221_200],
] as const) {
  test(`${file}: every row, its token totals and the prefix-cache hits of PROVENANCE.md`, () => {
    const out = parseFile(mooncakeTrace, `${DIR}/${file}`, {}, 4093);
    const requests = out.records as RequestRecord[];
    assert.deepEqual(out.errors, []);
    assert.equal(out.lines, rows);
    assert.equal(requests.length, rows);
    assert.equal(sum(requests, (r) => r.inputTokens), input);
    assert.equal(sum(requests, (r) => r.outputTokens), output);
    assert.equal(sum(requests, (r) => r.cachedTokens), cached);
    assert.equal(requests[0].arrivedAt, DEFAULT_TRACE_START);
    assert.equal(requests.at(-1)?.arrivedAt, DEFAULT_TRACE_START + lastMs);
    assert.equal(new Set(requests.map((r) => r.requestId)).size, rows);
  });
}

test('a line the conversation trace repeats byte for byte (its lines 7728 and 7733) is two requests', () => {
  const repeated = '{"timestamp": 2369999, "input_length": 901, "output_length": 17, "hash_ids": [0, 124577]}';
  const between = '{"timestamp": 2369999, "input_length": 1669, "output_length": 504, "hash_ids": [0, 124593, 124594, 124595]}';
  const out = parseText(mooncakeTrace, [repeated, between, repeated].join('\n'));
  const requests = out.records as RequestRecord[];
  assert.equal(new Set(requests.map((r) => r.requestId)).size, 3);
  assert.deepEqual(requests.map((r) => r.cachedTokens), [0, 512, 901]);
});

test('timestamps count from the traceStart option', () => {
  const start = Date.parse('2025-02-27T04:00:00Z');
  const out = parseText(mooncakeTrace, '{"timestamp": 1500, "input_length": 10, "output_length": 2, "hash_ids": [0]}', { traceStart: start });
  assert.equal((out.records[0] as RequestRecord).arrivedAt, start + 1500);
});

test('only the leading run of seen blocks is a hit, and cached tokens never exceed the input', () => {
  const lines = [
    '{"timestamp": 0, "input_length": 1100, "output_length": 1, "hash_ids": [1, 2, 3]}',
    '{"timestamp": 1, "input_length": 1500, "output_length": 1, "hash_ids": [1, 9, 3]}',
    '{"timestamp": 2, "input_length": 700, "output_length": 1, "hash_ids": [1, 2]}',
    '{"timestamp": 3, "input_length": 700, "output_length": 1, "hash_ids": [7, 1]}',
  ];
  const out = parseText(mooncakeTrace, lines.join('\n'));
  assert.deepEqual((out.records as RequestRecord[]).map((r) => r.cachedTokens), [0, 512, 700, 0]);
});

test('a bad line is rejected under its own field name and adds no blocks to the cache', () => {
  const lines = [
    '{"timestamp": 0, "input_length": 1024, "output_length": 1, "hash_ids": [1, 2]}',
    '{"timestamp": "soon", "input_length": 512, "output_length": 1, "hash_ids": [5]}',
    '{"timestamp": 2, "input_length": -4, "output_length": 1, "hash_ids": [6]}',
    '{"timestamp": 3, "input_length": 512, "output_length": 1, "hash_ids": 6}',
    '{"timestamp": 4, "input_length": 512, "output_length": 1, "hash_ids": [6]}',
    '{"timestamp": 5, "input_length": 1024, "output_length": 1, "hash_ids": [1, 2]}',
  ];
  const out = parseText(mooncakeTrace, lines.join('\n'));
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[2, 'timestamp'], [3, 'input_length'], [4, 'hash_ids']]);
  assert.deepEqual((out.records as RequestRecord[]).map((r) => r.cachedTokens), [0, 0, 1024]);
});

test('the same output wherever the input is cut into chunks', () => {
  const head = readFileSync(`${DIR}/conversation_trace_first800.jsonl`, 'utf8').split('\n').slice(0, 4).join('\n');
  const whole = parseText(mooncakeTrace, head);
  assert.equal(whole.records.length, 4);
  for (const out of everyCut(mooncakeTrace, head)) assert.deepEqual(out, whole);
});

test('detected by its fields, and not mistaken for canonical JSONL', () => {
  assert.equal(mooncakeTrace.detect(readFileSync(`${DIR}/synthetic_trace_first800.jsonl`, 'utf8').slice(0, 65_536)), true);
  assert.equal(mooncakeTrace.detect('{"type":"request","arrived_at":0,"input_tokens":1,"output_tokens":1}'), false);
});
