import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeOtlpTraces } from '@/lib/ingest/otlp/decode';
import { OtlpDecodeError } from '@/lib/ingest/otlp/errors';
import { exportRequest, span, toProtobuf, TRACE_ID, VLLM_RESOURCE, VLLM_SCOPE, vllmRequestSpan } from '@/lib/ingest/otlp/testing';
import { fixture } from '@/lib/testing/fixtures';

const T = Date.UTC(2025, 1, 27, 4, 0, 53, 980);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function refused(fn: () => unknown, status: number, message: RegExp): void {
  assert.throws(fn, (e) => e instanceof OtlpDecodeError && e.status === status && message.test(e.message));
}

test('the specification example: hex ids in any case, enum kind, nanosecond strings, resource and scope', () => {
  const [s, ...rest] = decodeOtlpTraces(readFileSync(fixture('otlp', 'opentelemetry-proto_examples_trace.json')), 'application/json');
  assert.equal(rest.length, 0);
  assert.deepEqual(
    [s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startNs, s.endNs, s.status.code],
    ['5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174', 'eee19b7ec3c1b173', "I'm a server span", 'server', 1544712660000000000n, 1544712661000000000n, 'unset'],
  );
  assert.deepEqual([...s.attributes], [['my.span.attr', 'some value']]);
  assert.deepEqual([...s.resource.attributes], [['service.name', 'my.service']]);
  assert.deepEqual(s.scope, { name: 'my.library', version: '1.0.0' });
});

test('OTLP/JSON and OTLP/protobuf of the same export decode to the same spans', () => {
  const request = exportRequest({ ...VLLM_RESOURCE, k8s: { node: { name: 'decode-001' } }, tags: ['a', 2, true] }, VLLM_SCOPE, [
    vllmRequestSpan('00f067aa0ba902b7', T, {
      events: [{ name: 'journey.FIRST_TOKEN', atMs: T + 312.5, attributes: { phase: 'decode', 'prefill.done_tokens': 2607 } }],
      status: 2,
      parentSpanId: '53995c3f42cd8ad8',
    }),
  ]);
  const fromJson = decodeOtlpTraces(json(request), 'application/json; charset=utf-8');
  const fromProtobuf = decodeOtlpTraces(toProtobuf(request), 'application/x-protobuf');
  assert.deepEqual(fromProtobuf, fromJson);
  const [s] = fromJson;
  assert.deepEqual([s.traceId, s.spanId, s.parentSpanId, s.kind, s.status.code], [TRACE_ID, '00f067aa0ba902b7', '53995c3f42cd8ad8', 'server', 'error']);
  assert.equal(s.startNs, 1740628853980000000n);
  assert.equal(s.attributes.get('gen_ai.usage.prompt_tokens'), 2607);
  assert.equal(s.attributes.get('gen_ai.latency.time_to_first_token'), 0.3125);
  assert.deepEqual(s.events.map((e) => [e.name, e.timeNs, [...e.attributes]]), [
    ['journey.FIRST_TOKEN', 1740628854292500000n, [['phase', 'decode'], ['prefill.done_tokens', 2607]]],
  ]);
  // A key-value list at the top of an attribute set is flattened into dotted keys.
  assert.equal(s.resource.attributes.get('k8s.node.name'), 'decode-001');
  assert.deepEqual(s.resource.attributes.get('tags'), ['a', 2, true]);
});

test('proto field names (snake_case) and enum names are read too', () => {
  const request = {
    resource_spans: [{
      resource: { attributes: [{ key: 'host.name', value: { string_value: 'n1' } }] },
      scope_spans: [{ spans: [{ trace_id: TRACE_ID, span_id: '00f067aa0ba902b7', name: 'x', kind: 'SPAN_KIND_CLIENT', start_time_unix_nano: 1740628853980000000, status: { code: 'STATUS_CODE_OK' } }] }],
    }],
  };
  const [s] = decodeOtlpTraces(json(request), 'application/json');
  assert.deepEqual([s.kind, s.status.code, s.startNs, s.resource.attributes.get('host.name')], ['client', 'ok', 1740628853980000000n, 'n1']);
});

test('a body that is not a trace export is a 400 naming where; other media types are a 415', () => {
  refused(() => decodeOtlpTraces(Buffer.from('{"resourceSpans": ['), 'application/json'), 400, /^invalid JSON/);
  const base64Id = exportRequest({}, VLLM_SCOPE, [span({ traceId: 'S/kvNXezTaajzpKdDg5HNg==', spanId: '00f067aa0ba902b7', name: 'x', kind: 1, startMs: T, endMs: T, attributes: {} })]);
  refused(() => decodeOtlpTraces(json(base64Id), 'application/json'), 400, /^request\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: must be 32 hex digits \(OTLP\/JSON writes ids in hex, not base64\)/);
  refused(() => decodeOtlpTraces(json({ resourceSpans: {} }), 'application/json'), 400, /^request\.resourceSpans: must be an array/);
  refused(() => decodeOtlpTraces(Buffer.from([0x0a, 0x05, 0x01]), 'application/x-protobuf'), 400, /^bad protobuf/);
  refused(() => decodeOtlpTraces(json({}), 'text/plain'), 415, /application\/x-protobuf or application\/json/);
});

test('an empty export has no spans', () => {
  assert.deepEqual(decodeOtlpTraces(json({}), 'application/json'), []);
  assert.deepEqual(decodeOtlpTraces(Buffer.alloc(0), 'application/x-protobuf'), []);
});

test('an OTLP/JSON body that is not UTF-8 is a 400, rather than a model name holding U+FFFD', () => {
  const body = Buffer.from(JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('00f067aa0ba902b7', Date.UTC(2025, 1, 27, 4))])));
  body[body.indexOf('deepseek-v3') + 1] = 0xff;
  assert.throws(() => decodeOtlpTraces(body, 'application/json'), (e) => e instanceof OtlpDecodeError && e.status === 400 && /not valid UTF-8/.test(e.message));
});

test('an OTLP/protobuf body with a string that is not UTF-8 is a 400, rather than a model name holding U+FFFD', () => {
  const body = toProtobuf(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('00f067aa0ba902b7', Date.UTC(2025, 1, 27))]));
  const at = body.indexOf('deepseek-v3');
  assert.ok(at > 0);
  body[at + 1] = 0xff;
  assert.throws(() => decodeOtlpTraces(body, 'application/x-protobuf'), (e) => e instanceof OtlpDecodeError && e.status === 400 && /not valid for encoding utf-8/.test(e.message));
});
