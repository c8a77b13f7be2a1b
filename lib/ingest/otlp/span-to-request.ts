/**
 * A GenAI span into a canonical request record, checked by the same RecordValidator as every
 * importer (messages name the attribute the value came from). Which attributes are read:
 * genai.ts. In short:
 *
 * - A span is a GenAI request when it says it is a generation (`gen_ai.operation.name` chat,
 *   text_completion or generate_content) or carries usage token counts without naming another
 *   operation. Other spans (HTTP, database, and GenAI embeddings, tool or agent spans, whose
 *   usage would count their child generations twice) are skipped, not rejected.
 * - A generation span without its usage is rejected, naming the span and the attributes looked for.
 * - arrived_at = the span's start, finished_at = its end; first_token_at from a first-token event,
 *   else start + a time-to-first-token attribute; prefill_started_at from a scheduling event, else
 *   start + the time in queue (vLLM's queue starts after tokenising, so this is early by that
 *   much). An event is preferred: it is a timestamp, where the attributes are offsets the engine
 *   measured on its own clocks.
 * - request_id = `gen_ai.request.id`, else `gen_ai.response.id`, else trace id and span id: the
 *   same span sent twice is one request. (vLLM's request id is the `chatcmpl-…` id the client's
 *   span records as `gen_ai.response.id`, so a client span and the server span of one request
 *   dedupe too.)
 * - node, GPU, source, model fallback and sample weight come from the span's, then its resource's
 *   attributes through SpanFieldMapping (DEFAULT_SPAN_MAPPING). The generic node is not read from
 *   a CLIENT span: that span runs in the caller, whose host serves no tokens.
 * - status: `error` when the span's status is ERROR or `error.type` is set, else `ok` (UNSET is
 *   what instrumentations leave on success).
 */
import { FieldIssue, numberFromText, show } from '@/lib/ingest/field-reader';
import { FieldSlots } from '@/lib/ingest/fields';
import type { RequestRecord } from '@/lib/ingest/records';
import { RecordValidator } from '@/lib/ingest/validate';
import {
  CACHED_TOKENS, DEFAULT_SPAN_MAPPING, ERROR_TYPE, FIRST_TOKEN_EVENTS, GENERATION_OPERATIONS, INPUT_TOKENS, MODEL, OPERATION_NAME,
  OUTPUT_TOKENS, PREFILL_START_EVENTS, REQUEST_ID, TIME_IN_QUEUE_S, TIME_TO_FIRST_TOKEN_S, type SpanFieldMapping,
} from '@/lib/ingest/otlp/genai';
import { nsToMs, type AttributeValue, type OtlpResource, type OtlpSpan } from '@/lib/ingest/otlp/spans';

/** A span that is not a GenAI request: counted, not an error. */
export class SpanSkip {
  constructor(readonly reason: string) {}
}

export interface SpanToRequestOptions {
  /** Epoch ms; instants more than one day after it are rejected. */
  now: number;
  mapping?: Partial<SpanFieldMapping>;
}

interface Found {
  key: string;
  value: AttributeValue;
}

const ROLES = ['prefill', 'decode'];

/** How a span is named in messages: enough to find it in a trace viewer. */
export const spanLabel = (span: OtlpSpan): string => `span ${JSON.stringify(span.name)} (trace ${span.traceId}, span ${span.spanId})`;

class SpanReader {
  constructor(
    readonly span: OtlpSpan,
    readonly resource: OtlpResource,
  ) {}

  /** The first of `keys` set on the span. */
  onSpan(keys: readonly string[]): Found | null {
    for (const key of keys) {
      const value = this.span.attributes.get(key);
      if (value !== undefined && value !== null && value !== '') return { key, value };
    }
    return null;
  }

  /** The first of `keys` set on the span, else on its resource. */
  anywhere(keys: readonly string[]): Found | null {
    const own = this.onSpan(keys);
    if (own !== null) return own;
    for (const key of keys) {
      const value = this.resource.attributes.get(key);
      if (value !== undefined && value !== null && value !== '') return { key, value };
    }
    return null;
  }

  /** The earliest event of one of `names`, in ms. */
  event(names: readonly string[]): { key: string; ms: number } | null {
    let found: { key: string; ns: bigint } | null = null;
    for (const e of this.span.events) {
      if (names.includes(e.name) && (found === null || e.timeNs < found.ns)) found = { key: `event ${e.name}`, ns: e.timeNs };
    }
    return found === null ? null : { key: found.key, ms: nsToMs(found.ns) };
  }
}

/** Seconds as an attribute gives them (a number, or text from SDKs that stringify). */
const seconds = (value: AttributeValue): number => (typeof value === 'number' ? value : typeof value === 'string' ? numberFromText(value) : NaN);

type Slots = Record<string, unknown>;
type Labels = Record<string, string>;

/** An instant `offset` seconds after `from` (an attribute), or the earliest of `events`. */
function offsetInstant(r: SpanReader, from: number, attributes: readonly string[], events: readonly string[], field: string, slots: Slots, labels: Labels): FieldIssue | null {
  const event = r.event(events);
  const attribute = event === null ? r.onSpan(attributes) : null;
  if (event !== null) {
    slots[field] = event.ms;
    labels[field] = event.key;
  } else if (attribute !== null) {
    const s = seconds(attribute.value);
    if (!Number.isFinite(s)) return new FieldIssue(attribute.key, `${attribute.key} must be a number of seconds, got ${show(attribute.value)}`);
    slots[field] = from + s * 1000;
    labels[field] = attribute.key;
  }
  return null;
}

function place(r: SpanReader, mapping: SpanFieldMapping, slots: Slots, labels: Labels): FieldIssue | null {
  const set = (field: string, found: Found | null) => {
    if (found === null) return;
    slots[field] = found.value;
    labels[field] = found.key;
  };
  const generic = r.span.kind !== 'client';
  const role = r.anywhere(mapping.role);
  if (role !== null && !ROLES.includes(String(role.value))) return new FieldIssue(role.key, `${role.key} must be prefill or decode, got ${show(role.value)}`);
  const node = generic ? r.anywhere(mapping.node) : null;
  const gpu = generic ? r.anywhere(mapping.gpu) : null;
  set('prefill_node', r.anywhere(mapping.prefillNode) ?? (role?.value === 'decode' ? null : node));
  set('decode_node', r.anywhere(mapping.decodeNode) ?? (role?.value === 'prefill' ? null : node));
  set('prefill_gpu', r.anywhere(mapping.prefillGpu) ?? (role?.value === 'decode' ? null : gpu));
  set('decode_gpu', r.anywhere(mapping.decodeGpu) ?? (role?.value === 'prefill' ? null : gpu));
  set('source', r.anywhere(mapping.source));
  set('model', r.onSpan(MODEL) ?? r.anywhere(mapping.model));
  set('sample_weight', r.anywhere(mapping.sampleWeight));
  return null;
}

export function spanToRequest(span: OtlpSpan, resource: OtlpResource, options: SpanToRequestOptions): RequestRecord | SpanSkip | FieldIssue {
  const r = new SpanReader(span, resource);
  const operation = span.attributes.get(OPERATION_NAME);
  const input = r.onSpan(INPUT_TOKENS);
  const output = r.onSpan(OUTPUT_TOKENS);
  if (operation !== undefined && operation !== null && !GENERATION_OPERATIONS.includes(String(operation))) {
    return new SpanSkip(`${OPERATION_NAME} ${show(operation)} is not a model generation`);
  }
  if (operation === undefined && input === null && output === null) return new SpanSkip('no GenAI generation or usage attributes');
  const where = spanLabel(span);
  if (input === null || output === null) {
    const missing = [input === null ? INPUT_TOKENS.join(' or ') : null, output === null ? OUTPUT_TOKENS.join(' or ') : null].filter((m) => m !== null);
    return new FieldIssue(input === null ? INPUT_TOKENS[0] : OUTPUT_TOKENS[0], `${where}: a GenAI generation span without its token usage (looked for ${missing.join('; and ')})`);
  }
  const arrived = span.startNs > 0n ? nsToMs(span.startNs) : undefined;
  const cached = r.onSpan(CACHED_TOKENS);
  const id = r.onSpan(REQUEST_ID);
  const errored = span.status.code === 'error' || span.attributes.has(ERROR_TYPE);
  const slots: Slots = {
    request_id: id?.value ?? `${span.traceId}-${span.spanId}`,
    arrived_at: arrived,
    finished_at: span.endNs > 0n ? nsToMs(span.endNs) : undefined,
    input_tokens: input.value,
    output_tokens: output.value,
    cached_tokens: cached?.value,
    status: errored ? 'error' : 'ok',
  };
  const labels: Labels = {
    request_id: id?.key ?? 'traceId and spanId',
    arrived_at: 'startTimeUnixNano',
    finished_at: 'endTimeUnixNano',
    input_tokens: input.key,
    output_tokens: output.key,
    cached_tokens: cached?.key ?? CACHED_TOKENS[0],
  };
  const problem =
    (arrived === undefined ? null : offsetInstant(r, arrived, TIME_TO_FIRST_TOKEN_S, FIRST_TOKEN_EVENTS, 'first_token_at', slots, labels)) ??
    (arrived === undefined ? null : offsetInstant(r, arrived, TIME_IN_QUEUE_S, PREFILL_START_EVENTS, 'prefill_started_at', slots, labels)) ??
    place(r, { ...DEFAULT_SPAN_MAPPING, ...options.mapping }, slots, labels);
  if (problem !== null) return new FieldIssue(problem.field, `${where}: ${problem.message}`);
  const result = new RecordValidator({ now: options.now, labels }).read('request', new FieldSlots(true).assign(slots));
  if (result instanceof FieldIssue) return new FieldIssue(result.field, `${where}: ${result.message}`);
  return result as RequestRecord;
}
