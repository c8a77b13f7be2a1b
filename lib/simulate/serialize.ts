import type { CanonicalRecord, ExpertLoadRecord, GpuSampleRecord, NodeEventRecord, RequestRecord } from '@/lib/ingest/records';

/**
 * Canonical records as canonical JSONL lines: `type` first, then the fields in snake_case as
 * docs/formats.md names them; instants as ISO 8601 UTC (`Z`, milliseconds, microseconds when the
 * instant carries a fraction of a millisecond); absent (null) optional fields left out.
 * Written out per record type because a simulated day is ~20M lines.
 */
let lastInstant = NaN;
let lastIso = '';

/** An instant (epoch ms, possibly fractional) as ISO 8601 UTC. */
export function isoInstant(ms: number): string {
  if (ms === lastInstant) return lastIso; // a tick's thousands of samples share one ts
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  const iso = micros === 0 ? new Date(whole).toISOString()
    : micros === 1000 ? new Date(whole + 1).toISOString()
    : `${new Date(whole).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
  lastInstant = ms;
  lastIso = iso;
  return iso;
}

function num(field: string, v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`${field}: not a finite number: ${v}`);
  return String(v);
}

const optNum = (field: string, v: number | null) => (v === null ? '' : `,"${field}":${num(field, v)}`);
const optStr = (field: string, v: string | null) => (v === null ? '' : `,"${field}":${JSON.stringify(v)}`);
const optInstant = (field: string, v: number | null) => (v === null ? '' : `,"${field}":"${isoInstant(v)}"`);

function requestLine(r: RequestRecord): string {
  return `{"type":"request","request_id":${JSON.stringify(r.requestId)},"arrived_at":"${isoInstant(r.arrivedAt)}"` +
    `,"input_tokens":${num('input_tokens', r.inputTokens)},"output_tokens":${num('output_tokens', r.outputTokens)}` +
    `,"cached_tokens":${num('cached_tokens', r.cachedTokens)}${optStr('model', r.model)}${optStr('source', r.source)}` +
    `${optInstant('prefill_started_at', r.prefillStartedAt)}${optInstant('first_token_at', r.firstTokenAt)}` +
    `${optInstant('finished_at', r.finishedAt)}${optStr('prefill_node', r.prefillNode)}${optNum('prefill_gpu', r.prefillGpu)}` +
    `${optStr('decode_node', r.decodeNode)}${optNum('decode_gpu', r.decodeGpu)}${optStr('status', r.status)}` +
    `,"sample_weight":${num('sample_weight', r.sampleWeight)}}`;
}

function gpuSampleLine(s: GpuSampleRecord): string {
  return `{"type":"gpu_sample","ts":"${isoInstant(s.ts)}","interval_s":${num('interval_s', s.intervalS)}` +
    `,"node":${JSON.stringify(s.node)},"gpu":${num('gpu', s.gpu)},"role":"${s.role}"` +
    `${optNum('input_tokens', s.inputTokens)}${optNum('cached_tokens', s.cachedTokens)}${optNum('output_tokens', s.outputTokens)}` +
    `${optNum('requests', s.requests)}${optNum('running_requests', s.runningRequests)}${optNum('kv_cache_tokens', s.kvCacheTokens)}` +
    `${optNum('kv_cache_capacity', s.kvCacheCapacity)}${optNum('dispatch_send_tokens', s.dispatchSendTokens)}` +
    `${optNum('dispatch_recv_tokens', s.dispatchRecvTokens)}${optNum('util_pct', s.utilPct)}` +
    `${optNum('mem_used_bytes', s.memUsedBytes)}${optNum('power_w', s.powerW)}${optNum('energy_j', s.energyJ)}}`;
}

function nodeEventLine(e: NodeEventRecord): string {
  return `{"type":"node_event","ts":"${isoInstant(e.ts)}","node":${JSON.stringify(e.node)},"state":"${e.state}"` +
    `${optStr('gpu_type', e.gpuType)}${optNum('gpu_count', e.gpuCount)}${optStr('model', e.model)}}`;
}

function expertLoadLine(e: ExpertLoadRecord): string {
  return `{"type":"expert_load","ts":"${isoInstant(e.ts)}","interval_s":${num('interval_s', e.intervalS)},"phase":"${e.phase}"` +
    `,"layer":${num('layer', e.layer)},"expert":${num('expert', e.expert)},"node":${JSON.stringify(e.node)}` +
    `,"gpu":${num('gpu', e.gpu)},"tokens":${num('tokens', e.tokens)}}`;
}

/** One record as one JSON line (without the newline). */
export function recordToJsonLine(record: CanonicalRecord): string {
  switch (record.type) {
    case 'request': return requestLine(record);
    case 'gpu_sample': return gpuSampleLine(record);
    case 'node_event': return nodeEventLine(record);
    case 'expert_load': return expertLoadLine(record);
  }
}
