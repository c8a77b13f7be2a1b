/**
 * The sampled requests as OpenTelemetry traces, as the OpenTelemetry Collector's file exporter
 * writes them: OTLP/JSON, one ExportTraceServiceRequest per line, each a batch of spans. One
 * GenAI span per request, with the attributes FleetLedger reads (lib/ingest/otlp/genai.ts):
 *
 * - `gen_ai.operation.name` chat, the usage counts, the model, `gen_ai.request.id` = the
 *   request id; the span runs from arrival to finish;
 * - prefill start and first token as events (`journey.SCHEDULED`, `journey.FIRST_TOKEN`, as
 *   vLLM's request journey writes them): an event is an instant, exact to the nanosecond, where a
 *   latency attribute in seconds would not give the same millisecond back;
 * - what no convention names as `fleetledger.*` attributes: the source, the sample weight, and
 *   the prefill and decode nodes and GPUs;
 * - the finish reason as `gen_ai.response.finish_reasons`; `error`/`failed` as an ERROR status.
 */
import { createHash } from 'node:crypto';
import type { CanonicalRecord, RecordType, RequestRecord } from '@/lib/ingest/records';
import type { RecordWriter } from './write';

export interface OtlpOptions {
  /** Spans per ExportTraceServiceRequest (the SDK's batch span processor exports up to 512). */
  spansPerBatch?: number;
  /** `service.name` of the resource the spans come from. */
  serviceName?: string;
}

const WRITES: ReadonlySet<RecordType> = new Set(['request']);
const SCOPE = { name: 'fleetledger.simulate' };
const SPAN_KIND_SERVER = 2;
const STATUS_CODE_ERROR = 2;
const FAILED = new Set(['error', 'failed']);

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { arrayValue: { values: AnyValue[] } };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const str = (key: string, v: string): KeyValue => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): KeyValue => ({ key, value: { intValue: String(v) } });

/** Epoch ms (possibly with a sub-millisecond fraction) as OTLP's decimal nanoseconds, exactly. */
export function unixNano(ms: number): string {
  const whole = Math.floor(ms);
  return String(BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6)));
}

const hexOf = (text: string, chars: number) => createHash('sha256').update(text).digest('hex').slice(0, chars);

function attributes(r: RequestRecord): KeyValue[] {
  const out: KeyValue[] = [str('gen_ai.operation.name', 'chat')];
  if (r.model !== null) out.push(str('gen_ai.request.model', r.model), str('gen_ai.response.model', r.model));
  out.push(
    str('gen_ai.request.id', r.requestId),
    int('gen_ai.usage.input_tokens', r.inputTokens),
    int('gen_ai.usage.output_tokens', r.outputTokens),
    int('gen_ai.usage.cache_read.input_tokens', r.cachedTokens),
  );
  if (r.status !== null && !FAILED.has(r.status)) out.push({ key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: r.status }] } } });
  if (r.source !== null) out.push(str('fleetledger.source', r.source));
  out.push({ key: 'fleetledger.sample_weight', value: { doubleValue: r.sampleWeight } });
  if (r.prefillNode !== null) out.push(str('fleetledger.prefill.node', r.prefillNode));
  if (r.prefillGpu !== null) out.push(int('fleetledger.prefill.gpu', r.prefillGpu));
  if (r.decodeNode !== null) out.push(str('fleetledger.decode.node', r.decodeNode));
  if (r.decodeGpu !== null) out.push(int('fleetledger.decode.gpu', r.decodeGpu));
  return out;
}

/** One request as one OTLP/JSON span object. */
export function requestSpan(r: RequestRecord): Record<string, unknown> {
  const events: { timeUnixNano: string; name: string }[] = [];
  if (r.prefillStartedAt !== null) events.push({ timeUnixNano: unixNano(r.prefillStartedAt), name: 'journey.SCHEDULED' });
  if (r.firstTokenAt !== null) events.push({ timeUnixNano: unixNano(r.firstTokenAt), name: 'journey.FIRST_TOKEN' });
  const failed = r.status !== null && FAILED.has(r.status);
  return {
    traceId: hexOf(`trace/${r.requestId}`, 32),
    spanId: hexOf(`span/${r.requestId}`, 16),
    name: r.model === null ? 'chat' : `chat ${r.model}`,
    kind: SPAN_KIND_SERVER,
    startTimeUnixNano: unixNano(r.arrivedAt),
    endTimeUnixNano: unixNano(r.finishedAt ?? r.firstTokenAt ?? r.arrivedAt),
    attributes: attributes(r),
    events,
    status: failed ? { code: STATUS_CODE_ERROR } : {},
  };
}

export class OtlpSpanWriter implements RecordWriter {
  readonly writes = WRITES;
  private batch: Record<string, unknown>[] = [];
  private readonly spansPerBatch: number;
  private readonly resource: { attributes: KeyValue[] };

  constructor(options: OtlpOptions = {}) {
    this.spansPerBatch = options.spansPerBatch ?? 512;
    if (!(Number.isInteger(this.spansPerBatch) && this.spansPerBatch > 0)) throw new RangeError(`spans per batch must be a positive integer, got ${this.spansPerBatch}`);
    this.resource = { attributes: [str('service.name', options.serviceName ?? 'sglang')] };
  }

  write(record: CanonicalRecord): string {
    if (record.type !== 'request') return '';
    this.batch.push(requestSpan(record));
    return this.batch.length >= this.spansPerBatch ? this.flush() : '';
  }

  end(): string {
    return this.batch.length ? this.flush() : '';
  }

  private flush(): string {
    const request = { resourceSpans: [{ resource: this.resource, scopeSpans: [{ scope: SCOPE, spans: this.batch }] }] };
    this.batch = [];
    return `${JSON.stringify(request)}\n`;
  }
}
