/**
 * The validation rules of the four canonical records (docs/design.md "Telemetry records"; each field's rules in docs/formats.md):
 * one line in, one record or the first problem found (field and reason) out.
 */
import { FieldIssue, FieldReader, type ReaderOptions } from '@/lib/ingest/field-reader';
import { FIELD as F, type FieldSlots } from '@/lib/ingest/fields';
import { formatInstant } from '@/lib/ingest/instant';
import {
  NODE_STATES, PHASES, ROLES,
  type CanonicalRecord, type ExpertLoadRecord, type GpuSampleRecord, type NodeEventRecord, type RecordType, type RequestRecord,
} from '@/lib/ingest/records';
import { RequestIdDeriver } from '@/lib/ingest/request-id';

/** GPU index within a node: the store keeps a 64-bit mask of GPUs per node. */
export const MAX_GPU_INDEX = 63;
export const MAX_GPUS_PER_NODE = 64;
export const MAX_INTERVAL_S = 86_400;
export const MAX_LAYER_OR_EXPERT = 32_767;
const REQUIRED = true;

const gpu = (f: FieldReader, slot: number) => f.integer(slot, 0, MAX_GPU_INDEX);
const interval = (f: FieldReader) => f.real(F.interval_s, 0, MAX_INTERVAL_S, true, REQUIRED);

function checkCached(f: FieldReader, cached: number | null, input: number | null): void {
  if (cached !== null && input !== null && cached > input) {
    f.fail(F.cached_tokens, `${f.label(F.cached_tokens)} ${cached} exceeds ${f.label(F.input_tokens)} ${input}`);
  }
}

function checkOrder(f: FieldReader, later: number, laterMs: number | null, earlier: number, earlierMs: number | null): void {
  if (laterMs !== null && earlierMs !== null && laterMs < earlierMs) {
    f.fail(later, `${f.label(later)} ${formatInstant(laterMs)} is before ${f.label(earlier)} ${formatInstant(earlierMs)}`);
  }
}

function readRequest(f: FieldReader): RequestRecord {
  const r: RequestRecord = {
    type: 'request',
    requestId: f.text(F.request_id) ?? '',
    arrivedAt: f.instant(F.arrived_at, REQUIRED),
    inputTokens: f.tokens(F.input_tokens, REQUIRED),
    outputTokens: f.tokens(F.output_tokens, REQUIRED),
    cachedTokens: f.tokens(F.cached_tokens) ?? 0,
    model: f.text(F.model),
    source: f.text(F.source),
    prefillStartedAt: f.instant(F.prefill_started_at),
    firstTokenAt: f.instant(F.first_token_at),
    finishedAt: f.instant(F.finished_at),
    prefillNode: f.text(F.prefill_node),
    prefillGpu: gpu(f, F.prefill_gpu),
    decodeNode: f.text(F.decode_node),
    decodeGpu: gpu(f, F.decode_gpu),
    status: f.text(F.status),
    sampleWeight: f.real(F.sample_weight, 0, Number.MAX_VALUE, true) ?? 1,
  };
  checkCached(f, r.cachedTokens, r.inputTokens);
  checkOrder(f, F.prefill_started_at, r.prefillStartedAt, F.arrived_at, r.arrivedAt);
  checkOrder(f, F.first_token_at, r.firstTokenAt, F.arrived_at, r.arrivedAt);
  if (r.firstTokenAt !== null) checkOrder(f, F.finished_at, r.finishedAt, F.first_token_at, r.firstTokenAt);
  else checkOrder(f, F.finished_at, r.finishedAt, F.arrived_at, r.arrivedAt);
  return r;
}

function readGpuSample(f: FieldReader): GpuSampleRecord {
  const r: GpuSampleRecord = {
    type: 'gpu_sample',
    ts: f.instant(F.ts, REQUIRED),
    intervalS: interval(f),
    node: f.text(F.node, REQUIRED),
    gpu: f.integer(F.gpu, 0, MAX_GPU_INDEX, REQUIRED),
    role: f.choice(F.role, ROLES, REQUIRED),
    inputTokens: f.tokens(F.input_tokens),
    cachedTokens: f.tokens(F.cached_tokens),
    outputTokens: f.tokens(F.output_tokens),
    requests: f.tokens(F.requests),
    runningRequests: f.tokens(F.running_requests),
    kvCacheTokens: f.tokens(F.kv_cache_tokens),
    kvCacheCapacity: f.tokens(F.kv_cache_capacity),
    dispatchSendTokens: f.tokens(F.dispatch_send_tokens),
    dispatchRecvTokens: f.tokens(F.dispatch_recv_tokens),
    utilPct: f.real(F.util_pct, 0, 100, false),
    memUsedBytes: f.tokens(F.mem_used_bytes),
    powerW: f.real(F.power_w, 0, Number.MAX_VALUE, false),
    energyJ: f.real(F.energy_j, 0, Number.MAX_VALUE, false),
  };
  checkCached(f, r.cachedTokens, r.inputTokens);
  return r;
}

function readNodeEvent(f: FieldReader): NodeEventRecord {
  return {
    type: 'node_event',
    ts: f.instant(F.ts, REQUIRED),
    node: f.text(F.node, REQUIRED),
    state: f.choice(F.state, NODE_STATES, REQUIRED),
    gpuType: f.text(F.gpu_type),
    gpuCount: f.integer(F.gpu_count, 1, MAX_GPUS_PER_NODE),
    model: f.text(F.model),
  };
}

function readExpertLoad(f: FieldReader): ExpertLoadRecord {
  return {
    type: 'expert_load',
    ts: f.instant(F.ts, REQUIRED),
    intervalS: interval(f),
    phase: f.choice(F.phase, PHASES, REQUIRED),
    layer: f.integer(F.layer, 0, MAX_LAYER_OR_EXPERT, REQUIRED),
    expert: f.integer(F.expert, 0, MAX_LAYER_OR_EXPERT, REQUIRED),
    node: f.text(F.node, REQUIRED),
    gpu: f.integer(F.gpu, 0, MAX_GPU_INDEX, REQUIRED),
    tokens: f.tokens(F.tokens, REQUIRED),
  };
}

const READERS: Readonly<Record<RecordType, (f: FieldReader) => CanonicalRecord>> = {
  request: readRequest,
  gpu_sample: readGpuSample,
  node_event: readNodeEvent,
  expert_load: readExpertLoad,
};

/** Validates the lines of one file: one instance per file, as request ids are derived per file. */
export class RecordValidator {
  private readonly fields: FieldReader;
  private readonly ids = new RequestIdDeriver();

  constructor(options: ReaderOptions) {
    this.fields = new FieldReader(options);
  }

  read(type: RecordType, slots: FieldSlots): CanonicalRecord | FieldIssue {
    const record = READERS[type](this.fields.reset(slots));
    const issue = this.fields.issue;
    if (issue) return issue;
    if (record.type === 'request' && record.requestId === '') record.requestId = this.ids.derive(record);
    return record;
  }
}
