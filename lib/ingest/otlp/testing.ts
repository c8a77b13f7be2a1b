/**
 * Test helpers: OTLP trace exports built as the OpenTelemetry SDKs send them (OTLP/JSON:
 * lowerCamelCase keys, hex ids, int64 as decimal text), and the same request encoded as OTLP
 * protobuf with protobufjs from the trimmed .proto files.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An attribute value as the SDKs write it: integers as intValue text, other numbers as doubleValue. */
export type Plain = string | number | boolean | Plain[] | { [key: string]: Plain };

export function anyValue(value: Plain): JsonObject {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}

export const keyValues = (attributes: Record<string, Plain>): JsonObject[] =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

/** Nanoseconds since the epoch as OTLP/JSON writes them, from epoch ms (fractions to the microsecond). */
export const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

export interface SpanSpec {
  traceId: string;
  spanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client. */
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, Plain>;
  events?: { name: string; atMs: number; attributes?: Record<string, Plain> }[];
  /** 0 unset, 1 ok, 2 error. */
  status?: number;
  parentSpanId?: string;
}

export function span(spec: SpanSpec): JsonObject {
  const out: JsonObject = {
    traceId: spec.traceId,
    spanId: spec.spanId,
    name: spec.name,
    kind: spec.kind,
    startTimeUnixNano: nanos(spec.startMs),
    endTimeUnixNano: nanos(spec.endMs),
    attributes: keyValues(spec.attributes),
    events: (spec.events ?? []).map((e) => ({ timeUnixNano: nanos(e.atMs), name: e.name, attributes: keyValues(e.attributes ?? {}) })),
    status: spec.status ? { code: spec.status } : {},
  };
  if (spec.parentSpanId) out.parentSpanId = spec.parentSpanId;
  return out;
}

/** One ExportTraceServiceRequest of one resource and one scope. */
export function exportRequest(resource: Record<string, Plain>, scope: { name: string; version: string }, spans: JsonObject[]): JsonObject {
  return { resourceSpans: [{ resource: { attributes: keyValues(resource) }, scopeSpans: [{ scope, spans }] }] };
}

const root = protobuf.loadSync(fileURLToPath(new URL('./proto/trace_service.proto', import.meta.url)));
const requestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** OTLP/JSON's object form with ids as bytes, as protobufjs's fromObject takes it. */
function forProtobuf(value: JsonValue, key = ''): unknown {
  if (ID_KEYS.has(key) && typeof value === 'string') return Buffer.from(value, 'hex');
  if (Array.isArray(value)) return value.map((v) => forProtobuf(v));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forProtobuf(v, k)]));
  return value;
}

/** The same request as an OTLP/HTTP protobuf body. */
export function toProtobuf(request: JsonObject): Buffer {
  const message = requestType.fromObject(forProtobuf(request) as Record<string, unknown>);
  return Buffer.from(requestType.encode(message).finish());
}

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/**
 * A span as vLLM's V1 engine exports it for each finished request (vllm/v1/engine/output_processor.py
 * do_tracing): `llm_request`, kind SERVER, from arrival to finish, old usage names, latencies in seconds.
 */
export function vllmRequestSpan(spanId: string, arrivalMs: number, overrides: Partial<SpanSpec> = {}): JsonObject {
  return span({
    traceId: TRACE_ID,
    spanId,
    name: 'llm_request',
    kind: 2,
    startMs: arrivalMs,
    endMs: arrivalMs + 4_210.5,
    attributes: {
      'gen_ai.latency.time_to_first_token': 0.3125,
      'gen_ai.latency.e2e': 4.2105,
      'gen_ai.latency.time_in_queue': 0.0421,
      'gen_ai.usage.prompt_tokens': 2607,
      'gen_ai.usage.completion_tokens': 533,
      'gen_ai.latency.time_in_model_prefill': 0.2504,
      'gen_ai.latency.time_in_model_decode': 3.8980,
      'gen_ai.latency.time_in_model_inference': 4.1484,
      'gen_ai.request.id': `chatcmpl-${spanId}`,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.top_p': 0.95,
      'gen_ai.request.temperature': 0.6,
      'gen_ai.request.n': 1,
      'gen_ai.response.finish_reasons': '["stop"]',
    },
    ...overrides,
  });
}

/** vLLM's resource: the SDK's defaults plus what an operator sets with OTEL_RESOURCE_ATTRIBUTES. */
export const VLLM_RESOURCE: Record<string, Plain> = {
  'telemetry.sdk.language': 'python',
  'telemetry.sdk.name': 'opentelemetry',
  'telemetry.sdk.version': '1.36.0',
  'service.name': 'vllm',
  'vllm.process_id': 2841,
  'host.name': 'vllm-decode-7f9c6d-x2k4p',
  'k8s.node.name': 'decode-001',
  'fleetledger.model': 'deepseek-v3',
};

export const VLLM_SCOPE = { name: 'vllm.llm_engine', version: '' };
