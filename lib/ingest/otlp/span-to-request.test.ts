import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldIssue } from '@/lib/ingest/field-reader';
import type { RequestRecord } from '@/lib/ingest/records';
import { decodeOtlpTraces } from '@/lib/ingest/otlp/decode';
import { CACHED_TOKENS } from '@/lib/ingest/otlp/genai';
import { SpanSkip, spanToRequest, type SpanToRequestOptions } from '@/lib/ingest/otlp/span-to-request';
import type { OtlpSpan } from '@/lib/ingest/otlp/spans';
import { exportRequest, span, toProtobuf, TRACE_ID, VLLM_RESOURCE, VLLM_SCOPE, vllmRequestSpan, type JsonObject, type Plain, type SpanSpec } from '@/lib/ingest/otlp/testing';

const T = Date.UTC(2025, 1, 27, 4, 0, 53, 980);
const NOW = Date.UTC(2025, 2, 1);

const spansOf = (resource: Record<string, Plain>, ...spans: JsonObject[]): OtlpSpan[] =>
  decodeOtlpTraces(Buffer.from(JSON.stringify(exportRequest(resource, VLLM_SCOPE, spans))), 'application/json');

const convert = (s: OtlpSpan, options: Partial<SpanToRequestOptions> = {}) => spanToRequest(s, s.resource, { now: NOW, ...options });

function record(s: OtlpSpan, options: Partial<SpanToRequestOptions> = {}): RequestRecord {
  const result = convert(s, options);
  if (!(result instanceof FieldIssue || result instanceof SpanSkip)) return result;
  return assert.fail(`expected a request, got ${JSON.stringify(result)}`);
}

function issue(s: OtlpSpan): FieldIssue {
  const result = convert(s);
  if (result instanceof FieldIssue) return result;
  return assert.fail(`expected an error, got ${JSON.stringify(result)}`);
}

/** A span of the OpenAI Python SDK's instrumentation (semantic conventions, CLIENT kind). */
const clientSpan = (spanId: string, attributes: Record<string, Plain>, extra: Partial<SpanSpec> = {}): JsonObject =>
  span({ traceId: TRACE_ID, spanId, name: 'chat deepseek-v3', kind: 3, startMs: T, endMs: T + 2_000, attributes, ...extra });

test("vLLM's llm_request span: old usage names, latencies in seconds, the node from the resource", () => {
  for (const body of ['json', 'protobuf'] as const) {
    const request = exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('00f067aa0ba902b7', T)]);
    const [s] = body === 'json'
      ? decodeOtlpTraces(Buffer.from(JSON.stringify(request)), 'application/json')
      : decodeOtlpTraces(toProtobuf(request), 'application/x-protobuf');
    assert.deepEqual(record(s), {
      type: 'request',
      requestId: 'chatcmpl-00f067aa0ba902b7',
      arrivedAt: T,
      inputTokens: 2607,
      outputTokens: 533,
      cachedTokens: 0,
      model: 'deepseek-v3',
      source: null,
      prefillStartedAt: T + 42.1,
      firstTokenAt: T + 312.5,
      finishedAt: T + 4_210.5,
      // k8s.node.name is preferred to host.name, which is the pod's name here.
      prefillNode: 'decode-001',
      prefillGpu: null,
      decodeNode: 'decode-001',
      decodeGpu: null,
      status: 'ok',
      sampleWeight: 1,
    }, body);
  }
});

test('a client span with the current conventions: model, response id, cached tokens; its host is not a serving node', () => {
  const [s] = spansOf({ 'service.name': 'chat-app', 'host.name': 'app-server-3', 'fleetledger.source': 'web' }, clientSpan('b7ad6b7169203331', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'deepseek',
    'gen_ai.request.model': 'deepseek-chat',
    'gen_ai.response.model': 'deepseek-v3',
    'gen_ai.response.id': 'chatcmpl-9f1c',
    'gen_ai.usage.input_tokens': 1800,
    'gen_ai.usage.output_tokens': 240,
    'gen_ai.usage.cache_read.input_tokens': 1024,
  }));
  const r = record(s);
  assert.deepEqual([r.requestId, r.model, r.inputTokens, r.cachedTokens, r.outputTokens, r.source], ['chatcmpl-9f1c', 'deepseek-v3', 1800, 1024, 240, 'web']);
  assert.deepEqual([r.prefillNode, r.decodeNode, r.firstTokenAt, r.finishedAt], [null, null, null, T + 2_000]);
});

test('cached tokens under each name still in use', () => {
  for (const name of CACHED_TOKENS) {
    const [s] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.prompt_tokens': 900, 'gen_ai.usage.completion_tokens': 10, [name]: 512 }));
    assert.equal(record(s).cachedTokens, 512, name);
  }
});

test('events win over latency attributes (a timestamp beats an offset from another clock); OpenLLMetry streams one chunk event per chunk, the first is the first token', () => {
  const events = [310, 125.25, 480].map((at) => ({ name: 'llm.content.completion.chunk', atMs: T + at }));
  const [s] = spansOf({}, clientSpan('b7ad6b7169203331', {
    'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.output_tokens': 3, 'gen_ai.response.time_to_first_chunk': 0.9,
  }, { events }));
  assert.equal(record(s).firstTokenAt, T + 125.25);
  const [vllm] = spansOf(VLLM_RESOURCE, vllmRequestSpan('00f067aa0ba902b7', T, { events: [{ name: 'journey.FIRST_TOKEN', atMs: T + 300 }, { name: 'journey.SCHEDULED', atMs: T + 40 }] }));
  const r = record(vllm);
  assert.deepEqual([r.firstTokenAt, r.prefillStartedAt], [T + 300, T + 40], 'events before the latency attributes');
});

test('a GenAI generation span without usage is an error naming the span and the attributes looked for', () => {
  const [s] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'deepseek-v3' }));
  const e = issue(s);
  assert.equal(e.field, 'gen_ai.usage.input_tokens');
  assert.equal(e.message, `span "chat deepseek-v3" (trace ${TRACE_ID}, span b7ad6b7169203331): a GenAI generation span without its token usage (looked for gen_ai.usage.input_tokens or gen_ai.usage.prompt_tokens; and gen_ai.usage.output_tokens or gen_ai.usage.completion_tokens)`);
  const [half] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.prompt_tokens': 10 }));
  assert.match(issue(half).message, /without its token usage \(looked for gen_ai\.usage\.output_tokens or gen_ai\.usage\.completion_tokens\)$/);
});

test('spans that are not generations are skipped: HTTP, embeddings, agents (whose usage sums their generations)', () => {
  const spans = spansOf({},
    span({ traceId: TRACE_ID, spanId: '1111111111111111', name: 'POST /v1/chat/completions', kind: 2, startMs: T, endMs: T + 5, attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 } }),
    clientSpan('2222222222222222', { 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 12 }),
    clientSpan('3333333333333333', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': 4000, 'gen_ai.usage.output_tokens': 700 }),
  );
  const results = spans.map((s) => convert(s));
  assert.ok(results.every((r) => r instanceof SpanSkip));
  assert.deepEqual(results.map((r) => (r as SpanSkip).reason), [
    'no GenAI generation or usage attributes',
    'gen_ai.operation.name "embeddings" is not a model generation',
    'gen_ai.operation.name "invoke_agent" is not a model generation',
  ]);
});

test('nested resource attributes and roles: a prefill server names only the prefill node, GPUs from fleetledger attributes', () => {
  const resource = { k8s: { node: { name: 'prefill-007' } }, fleetledger: { role: 'prefill', gpu: 3 } };
  const [s] = spansOf(resource, vllmRequestSpan('00f067aa0ba902b7', T));
  const r = record(s);
  assert.deepEqual([r.prefillNode, r.prefillGpu, r.decodeNode, r.decodeGpu], ['prefill-007', 3, null, null]);
  const [both] = spansOf({ 'host.name': 'n1', 'fleetledger.decode.node': 'decode-002', 'fleetledger.decode.gpu': 5 }, vllmRequestSpan('00f067aa0ba902b7', T));
  const d = record(both);
  assert.deepEqual([d.prefillNode, d.prefillGpu, d.decodeNode, d.decodeGpu], ['n1', null, 'decode-002', 5]);
  const [custom] = spansOf({ 'node.id': 'rack4-n2' }, vllmRequestSpan('00f067aa0ba902b7', T));
  assert.equal(record(custom, { mapping: { node: ['node.id'] } }).decodeNode, 'rack4-n2', 'a mapping of its own');
  const [bad] = spansOf({ 'fleetledger.role': 'both' }, vllmRequestSpan('00f067aa0ba902b7', T));
  assert.match(issue(bad).message, /fleetledger\.role must be prefill or decode, got "both"$/);
});

test('a span sent twice is the same request; without a GenAI id its id is its trace and span id', () => {
  const resent = clientSpan('b7ad6b7169203331', { 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 1 });
  const [a, b] = spansOf({}, resent, resent);
  assert.equal(record(a).requestId, `${TRACE_ID}-b7ad6b7169203331`);
  assert.equal(record(b).requestId, record(a).requestId);
});

test('status: ERROR, or error.type on an unset status, is error', () => {
  const usage = { 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 0 };
  const [failed, typed, unset] = spansOf({},
    clientSpan('1111111111111111', usage, { status: 2 }),
    clientSpan('2222222222222222', { ...usage, 'error.type': 'timeout' }),
    clientSpan('3333333333333333', usage),
  );
  assert.deepEqual([record(failed).status, record(typed).status, record(unset).status], ['error', 'error', 'ok']);
});

test('values the record rules refuse are errors naming the attribute they came from', () => {
  const [cached] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.input_tokens': 800, 'gen_ai.usage.output_tokens': 3, 'gen_ai.usage.cache_read_input_tokens': 900 }));
  const e = issue(cached);
  assert.equal(e.field, 'gen_ai.usage.cache_read_input_tokens');
  assert.match(e.message, /: gen_ai\.usage\.cache_read_input_tokens 900 exceeds gen_ai\.usage\.input_tokens 800$/);
  const [negative] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.prompt_tokens': -1, 'gen_ai.usage.completion_tokens': 3 }));
  assert.match(issue(negative).message, /gen_ai\.usage\.prompt_tokens must be an integer ≥ 0, got -1$/);
  const [ttft] = spansOf(VLLM_RESOURCE, vllmRequestSpan('00f067aa0ba902b7', T, { attributes: { 'gen_ai.usage.prompt_tokens': 1, 'gen_ai.usage.completion_tokens': 1, 'gen_ai.latency.time_to_first_token': 'soon' } }));
  assert.match(issue(ttft).message, /gen_ai\.latency\.time_to_first_token must be a number of seconds, got "soon"$/);
  const [early] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 1 }, { events: [{ name: 'first_token', atMs: T - 5 }] }));
  assert.match(issue(early).message, /event first_token 2025-02-27T04:00:53\.975Z is before startTimeUnixNano 2025-02-27T04:00:53\.980Z$/);
  const [future] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 1 }, { startMs: NOW + 2 * 86_400_000, endMs: NOW + 2 * 86_400_000 }));
  assert.match(issue(future).message, /startTimeUnixNano .* is more than one day in the future$/);
});

test('an unfinished span (no end time) has no finish', () => {
  const [s] = spansOf({}, clientSpan('b7ad6b7169203331', { 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 1 }));
  const open = { ...s, endNs: 0n };
  assert.equal(record(open).finishedAt, null);
});
