import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otlpJson } from '@/lib/ingest/otlp/format';
import { parseText } from '@/lib/ingest/parse-testing';
import type { RequestRecord } from '@/lib/ingest/records';
import { OtlpSpanWriter, requestSpan, unixNano } from './otlp';
import { small } from './profiles/small';
import { simulate } from './simulate';

const request: RequestRecord = {
  type: 'request', requestId: 'small/1/7', arrivedAt: Date.parse('2025-03-01T00:00:00.250Z'), inputTokens: 4000, outputTokens: 800,
  cachedTokens: 2250, model: 'deepseek-r1', source: 'api', prefillStartedAt: Date.parse('2025-03-01T00:00:00.700Z'),
  firstTokenAt: Date.parse('2025-03-01T00:00:01.123Z'), finishedAt: Date.parse('2025-03-01T00:00:39.5Z'), prefillNode: 'node-004', prefillGpu: 3,
  decodeNode: 'node-001', decodeGpu: 6, status: 'stop', sampleWeight: 20,
};

test('a request becomes a GenAI chat span: usage, model, id, timings as events, and the fleetledger.* placement', () => {
  const span = requestSpan(request);
  assert.match(String(span.traceId), /^[0-9a-f]{32}$/);
  assert.match(String(span.spanId), /^[0-9a-f]{16}$/);
  assert.deepEqual({ ...span, traceId: undefined, spanId: undefined }, {
    traceId: undefined, spanId: undefined, name: 'chat deepseek-r1', kind: 2,
    startTimeUnixNano: '1740787200250000000', endTimeUnixNano: '1740787239500000000',
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'deepseek-r1' } },
      { key: 'gen_ai.response.model', value: { stringValue: 'deepseek-r1' } },
      { key: 'gen_ai.request.id', value: { stringValue: 'small/1/7' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '4000' } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '800' } },
      { key: 'gen_ai.usage.cache_read.input_tokens', value: { intValue: '2250' } },
      { key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
      { key: 'fleetledger.source', value: { stringValue: 'api' } },
      { key: 'fleetledger.sample_weight', value: { doubleValue: 20 } },
      { key: 'fleetledger.prefill.node', value: { stringValue: 'node-004' } },
      { key: 'fleetledger.prefill.gpu', value: { intValue: '3' } },
      { key: 'fleetledger.decode.node', value: { stringValue: 'node-001' } },
      { key: 'fleetledger.decode.gpu', value: { intValue: '6' } },
    ],
    events: [
      { timeUnixNano: '1740787200700000000', name: 'journey.SCHEDULED' },
      { timeUnixNano: '1740787201123000000', name: 'journey.FIRST_TOKEN' },
    ],
    status: {},
  });
  assert.deepEqual(requestSpan({ ...request, status: 'failed' }).status, { code: 2 });
  assert.equal(requestSpan({ ...request, requestId: 'small/1/8' }).traceId === span.traceId, false);
});

test('instants become nanoseconds exactly, sub-millisecond fractions included', () => {
  assert.equal(unixNano(1_740_787_200_000), '1740787200000000000');
  assert.equal(unixNano(1_740_787_200_000.25), '1740787200000250000');
});

test('spans go out in batches, one ExportTraceServiceRequest per line', () => {
  const writer = new OtlpSpanWriter({ spansPerBatch: 2 });
  const text = [1, 2, 3].map((i) => writer.write({ ...request, requestId: `r${i}` })).join('') + writer.end();
  const lines = text.split('\n').filter(Boolean);
  assert.equal(lines.length, 2);
  const spans = lines.map((l) => (JSON.parse(l) as { resourceSpans: { resource: unknown; scopeSpans: { spans: unknown[] }[] }[] }).resourceSpans[0]);
  assert.deepEqual(spans.map((rs) => rs.scopeSpans[0].spans.length), [2, 1]);
  assert.deepEqual(spans[0].resource, { attributes: [{ key: 'service.name', value: { stringValue: 'sglang' } }] });
  assert.ok(text.endsWith('\n'));
});

test('read back by the OTLP ingest, the spans give the simulated requests, every field but the status', () => {
  const window = { start: small.window.start, end: small.window.start + 10 * 60_000 };
  const requests = [...simulate(small, { seed: 1, scale: 0.05, window })].filter((r): r is RequestRecord => r.type === 'request');
  const writer = new OtlpSpanWriter();
  const text = requests.map((r) => writer.write(r)).join('') + writer.end();
  const out = parseText(otlpJson, text, { now: window.end });
  assert.deepEqual(out.errors, []);
  assert.equal(out.lines, Math.ceil(requests.length / 512));
  assert.equal(out.records.length, requests.length);
  assert.ok(requests.length > 900);
  // The span status says only ok or error; the finish reason (stop, length) is not read back.
  assert.deepEqual(out.records, requests.map((r) => ({ ...r, status: 'ok' })));
});
