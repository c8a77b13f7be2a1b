/**
 * The validation rules of the four canonical records (DESIGN.md "Telemetry model", issue 2):
 * one line in, one record or the first problem found (field and reason) out.
 */
import { FieldIssue, FieldReader, type FieldSource, type ReaderOptions } from '@/lib/ingest/field-reader';
import { formatInstant } from '@/lib/ingest/instant';
import {
  NODE_STATES, PHASES, ROLES,
  type CanonicalRecord, type ExpertLoadRecord, type GpuSampleRecord, type NodeEventRecord, type RecordType, type RequestRecord,
} from '@/lib/ingest/records';
import { RequestIdDeriver } from '@/lib/ingest/request-id';

/** Field names of each record as written in files, required ones first. */
export const RECORD_FIELDS: Readonly<Record<RecordType, { required: readonly string[]; optional: readonly string[] }>> = {
  request: {
    required: ['arrived_at', 'input_tokens', 'output_tokens'],
    optional: [
      'request_id', 'model', 'source', 'prefill_started_at', 'first_token_at', 'finished_at', 'cached_tokens',
      'prefill_node', 'prefill_gpu', 'decode_node', 'decode_gpu', 'status', 'sample_weight',
    ],
  },
  gpu_sample: {
    required: ['ts', 'interval_s', 'node', 'gpu', 'role'],
    optional: [
      'input_tokens', 'cached_tokens', 'output_tokens', 'requests', 'running_requests', 'kv_cache_tokens',
      'kv_cache_capacity', 'dispatch_send_tokens', 'dispatch_recv_tokens', 'util_pct', 'mem_used_bytes', 'power_w',
    ],
  },
  node_event: { required: ['ts', 'node', 'state'], optional: ['gpu_type', 'gpu_count', 'model'] },
  expert_load: { required: ['ts', 'interval_s', 'phase', 'layer', 'expert', 'node', 'gpu', 'tokens'], optional: [] },
};

/** GPU index within a node: the store keeps a 64-bit mask of GPUs per node. */
export const MAX_GPU_INDEX = 63;
export const MAX_GPUS_PER_NODE = 64;
export const MAX_INTERVAL_S = 86_400;
export const MAX_LAYER_OR_EXPERT = 32_767;
const REQUIRED = true;

const gpu = (f: FieldReader, name: string) => f.integer(name, 0, MAX_GPU_INDEX);
const interval = (f: FieldReader) => f.real('interval_s', 0, MAX_INTERVAL_S, true, REQUIRED);

function checkCached(f: FieldReader, cached: number | null, input: number | null): void {
  if (cached !== null && input !== null && cached > input) {
    f.fail('cached_tokens', `${f.label('cached_tokens')} ${cached} exceeds ${f.label('input_tokens')} ${input}`);
  }
}

function checkOrder(f: FieldReader, later: string, laterMs: number | null, earlier: string, earlierMs: number | null): void {
  if (laterMs !== null && earlierMs !== null && laterMs < earlierMs) {
    f.fail(later, `${f.label(later)} ${formatInstant(laterMs)} is before ${f.label(earlier)} ${formatInstant(earlierMs)}`);
  }
}

function readRequest(f: FieldReader): RequestRecord {
  const r: RequestRecord = {
    type: 'request',
    requestId: f.text('request_id') ?? '',
    arrivedAt: f.instant('arrived_at', REQUIRED),
    inputTokens: f.tokens('input_tokens', REQUIRED),
    outputTokens: f.tokens('output_tokens', REQUIRED),
    cachedTokens: f.tokens('cached_tokens') ?? 0,
    model: f.text('model'),
    source: f.text('source'),
    prefillStartedAt: f.instant('prefill_started_at'),
    firstTokenAt: f.instant('first_token_at'),
    finishedAt: f.instant('finished_at'),
    prefillNode: f.text('prefill_node'),
    prefillGpu: gpu(f, 'prefill_gpu'),
    decodeNode: f.text('decode_node'),
    decodeGpu: gpu(f, 'decode_gpu'),
    status: f.text('status'),
    sampleWeight: f.real('sample_weight', 0, Number.MAX_VALUE, true) ?? 1,
  };
  checkCached(f, r.cachedTokens, r.inputTokens);
  checkOrder(f, 'prefill_started_at', r.prefillStartedAt, 'arrived_at', r.arrivedAt);
  checkOrder(f, 'first_token_at', r.firstTokenAt, 'arrived_at', r.arrivedAt);
  if (r.firstTokenAt !== null) checkOrder(f, 'finished_at', r.finishedAt, 'first_token_at', r.firstTokenAt);
  else checkOrder(f, 'finished_at', r.finishedAt, 'arrived_at', r.arrivedAt);
  return r;
}

function readGpuSample(f: FieldReader): GpuSampleRecord {
  const r: GpuSampleRecord = {
    type: 'gpu_sample',
    ts: f.instant('ts', REQUIRED),
    intervalS: interval(f),
    node: f.text('node', REQUIRED),
    gpu: f.integer('gpu', 0, MAX_GPU_INDEX, REQUIRED),
    role: f.choice('role', ROLES, REQUIRED),
    inputTokens: f.tokens('input_tokens'),
    cachedTokens: f.tokens('cached_tokens'),
    outputTokens: f.tokens('output_tokens'),
    requests: f.tokens('requests'),
    runningRequests: f.tokens('running_requests'),
    kvCacheTokens: f.tokens('kv_cache_tokens'),
    kvCacheCapacity: f.tokens('kv_cache_capacity'),
    dispatchSendTokens: f.tokens('dispatch_send_tokens'),
    dispatchRecvTokens: f.tokens('dispatch_recv_tokens'),
    utilPct: f.real('util_pct', 0, 100, false),
    memUsedBytes: f.tokens('mem_used_bytes'),
    powerW: f.real('power_w', 0, Number.MAX_VALUE, false),
  };
  checkCached(f, r.cachedTokens, r.inputTokens);
  return r;
}

function readNodeEvent(f: FieldReader): NodeEventRecord {
  return {
    type: 'node_event',
    ts: f.instant('ts', REQUIRED),
    node: f.text('node', REQUIRED),
    state: f.choice('state', NODE_STATES, REQUIRED),
    gpuType: f.text('gpu_type'),
    gpuCount: f.integer('gpu_count', 1, MAX_GPUS_PER_NODE),
    model: f.text('model'),
  };
}

function readExpertLoad(f: FieldReader): ExpertLoadRecord {
  return {
    type: 'expert_load',
    ts: f.instant('ts', REQUIRED),
    intervalS: interval(f),
    phase: f.choice('phase', PHASES, REQUIRED),
    layer: f.integer('layer', 0, MAX_LAYER_OR_EXPERT, REQUIRED),
    expert: f.integer('expert', 0, MAX_LAYER_OR_EXPERT, REQUIRED),
    node: f.text('node', REQUIRED),
    gpu: f.integer('gpu', 0, MAX_GPU_INDEX, REQUIRED),
    tokens: f.tokens('tokens', REQUIRED),
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

  read(type: RecordType, source: FieldSource): CanonicalRecord | FieldIssue {
    const record = READERS[type](this.fields.reset(source));
    const issue = this.fields.issue;
    if (issue) return issue;
    if (record.type === 'request' && record.requestId === '') record.requestId = this.ids.derive(record);
    return record;
  }
}
