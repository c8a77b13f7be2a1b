import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FormatError } from '@/lib/ingest/format';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { mooncakeTrace } from '@/lib/ingest/formats/mooncake';
import { createOtlpJsonFileParser, OtlpJsonParser, otlpJson } from '@/lib/ingest/otlp/format';
import { exportRequest, span, TRACE_ID, VLLM_RESOURCE, VLLM_SCOPE, vllmRequestSpan } from '@/lib/ingest/otlp/testing';
import { everyCut, parseBytes, parseText, TEST_NOW } from '@/lib/ingest/parse-testing';
import type { RequestRecord } from '@/lib/ingest/records';
import { fixture } from '@/lib/testing/fixtures';

const T = Date.UTC(2025, 1, 27, 4, 0, 53, 980);
const http = span({ traceId: TRACE_ID, spanId: 'aaaaaaaaaaaaaaaa', name: 'POST /v1/chat/completions', kind: 2, startMs: T, endMs: T + 5, attributes: { 'http.request.method': 'POST' } });
const noUsage = span({ traceId: TRACE_ID, spanId: 'bbbbbbbbbbbbbbbb', name: 'chat deepseek-v3', kind: 3, startMs: T, endMs: T + 5, attributes: { 'gen_ai.operation.name': 'chat' } });

/** What the collector's file exporter writes: one export per line. */
const collectorFile = [
  JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('0000000000000001', T), http, vllmRequestSpan('0000000000000002', T + 1000)])),
  JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [noUsage, vllmRequestSpan('0000000000000003', T + 2000)])),
  '{"resourceSpans": [',
  JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('0000000000000004', T + 3000)])),
].join('\n') + '\n';

test('detects OTLP JSON Lines and documents, and not the other JSON formats', () => {
  assert.ok(otlpJson.detect(collectorFile));
  assert.ok(otlpJson.detect(readFileSync(fixture('otlp', 'opentelemetry-proto_examples_trace.json'), 'utf8')));
  assert.ok(otlpJson.detect('\uFEFF\n  {"resource_spans":[]}'));
  assert.ok(!otlpJson.detect('{"type":"request","arrived_at":"2025-02-27T04:00:53.980Z","input_tokens":1,"output_tokens":1}'));
  assert.ok(!otlpJson.detect('{"timestamp": 0, "input_length": 6758, "output_length": 500, "hash_ids": [0]}'));
  assert.ok(!canonicalJsonl.detect(collectorFile) && !mooncakeTrace.detect(collectorFile), 'no earlier format claims it');
});

test("the collector's JSON Lines: GenAI spans become requests, others are skipped, errors carry their JSON line", () => {
  const parser = otlpJson.create({ now: TEST_NOW, maxLineBytes: 1024 * 1024 });
  assert.ok(parser instanceof OtlpJsonParser);
  const parts = [parser.push(Buffer.from(collectorFile)), parser.end()];
  const records = parts.flatMap((p) => p.records) as RequestRecord[];
  const errors = parts.flatMap((p) => p.errors);
  assert.deepEqual(records.map((r) => [r.requestId, r.inputTokens, r.decodeNode]), [1, 2, 3, 4].map((n) => [`chatcmpl-000000000000000${n}`, 2607, 'decode-001']));
  assert.deepEqual(errors.map((e) => [e.line, e.field]), [[2, 'gen_ai.usage.input_tokens'], [3, null]]);
  assert.match(errors[0].message, /^span "chat deepseek-v3" \(trace 4bf92f3577b34da6a3ce929d0e0e4736, span bbbbbbbbbbbbbbbb\): a GenAI generation span without its token usage/);
  assert.match(errors[1].message, /^invalid JSON/);
  assert.equal(parser.skippedSpans, 1);
  assert.equal(parts.reduce((n, p) => n + p.lines, 0), 4);
});

test('the same records and errors wherever the bytes are cut, JSON Lines and documents alike', () => {
  const small = [
    JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('0000000000000001', T)])),
    JSON.stringify(exportRequest({}, VLLM_SCOPE, [noUsage])),
  ].join('\r\n');
  const document = JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('0000000000000001', T), noUsage]), null, 2);
  for (const [text, records, errorLines] of [[small, 1, [2]], [document, 1, [1]]] as const) {
    const whole = parseText(otlpJson, text);
    assert.equal(whole.records.length, records);
    assert.deepEqual(whole.errors.map((e) => e.line), errorLines);
    for (const out of everyCut(otlpJson, text)) assert.deepEqual(out, whole);
  }
});

test('a pretty-printed document: the specification example is read, its one span skipped', () => {
  const parser = otlpJson.create({ now: TEST_NOW, maxLineBytes: 1024 * 1024 }) as OtlpJsonParser;
  const out = [parser.push(readFileSync(fixture('otlp', 'opentelemetry-proto_examples_trace.json'))), parser.end()];
  assert.deepEqual([out.flatMap((o) => o.records), out.flatMap((o) => o.errors), parser.skippedSpans], [[], [], 1]);
});

test('a document over the limit is refused whole, naming the way out', () => {
  const document = JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('0000000000000001', T)]), null, 2);
  const small = createOtlpJsonFileParser({ maxDocumentBytes: 100 });
  assert.throws(() => parseText(small, document, {}, 64), (e) => e instanceof FormatError && /over 100 bytes .* write JSON Lines/.test(e.message));
  assert.equal(parseText(small, document.replace(/\n\s*/g, ''), {}, 64).records.length, 1, 'one line is JSON Lines, not held whole');
});

test('a document that is not JSON is one error at line 1', () => {
  const out = parseText(otlpJson, '{\n  "resourceSpans": [\n');
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[1, null]]);
  assert.match(out.errors[0].message, /^invalid JSON/);
});

test('invalid UTF-8 in a model name rejects the JSON line or the document, rather than storing a new model', () => {
  const batch = exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('00f067aa0ba902b7', T)]);
  const lines = Buffer.from(`${JSON.stringify(batch)}\n`);
  lines[lines.indexOf('deepseek-v3') + 1] = 0xff;
  assert.deepEqual(parseBytes(otlpJson, lines).errors.map((e) => [e.line, e.field, e.message]), [[1, 'model', 'model is not valid UTF-8']]);
  const document = Buffer.from(JSON.stringify(batch, null, 2));
  document[document.indexOf('deepseek-v3') + 1] = 0xff;
  for (const size of [document.length, 7]) {
    const out = parseBytes(otlpJson, document, {}, size);
    assert.deepEqual(out.errors.map((e) => [e.line, e.message]), [[1, 'the document is not valid UTF-8: nothing is read from it']]);
    assert.deepEqual(out.records, []);
  }
});
