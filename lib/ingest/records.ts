/**
 * Canonical telemetry records (docs/design.md "Telemetry records"). Every parser, importer and the
 * simulator produces these; lib/db/writers store them.
 *
 * Instants are epoch milliseconds (a fraction carries sub-millisecond precision).
 * Token counts are integers >= 0. Absent optional fields are `null`.
 */
export const ROLES = ['prefill', 'decode', 'idle'] as const;
export type Role = (typeof ROLES)[number];

/** Serving states cost money; `other` (lent to research/training) and `offline` do not. */
export const NODE_STATES = ['prefill', 'decode', 'idle', 'other', 'offline'] as const;
export type NodeState = (typeof NODE_STATES)[number];

export const PHASES = ['prefill', 'decode'] as const;
export type Phase = (typeof PHASES)[number];

export interface RequestRecord {
  type: 'request';
  /** Given by the source, or derived from the content (see deriveRequestId). */
  requestId: string;
  arrivedAt: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  model: string | null;
  source: string | null;
  prefillStartedAt: number | null;
  firstTokenAt: number | null;
  finishedAt: number | null;
  prefillNode: string | null;
  prefillGpu: number | null;
  decodeNode: string | null;
  decodeGpu: number | null;
  status: string | null;
  sampleWeight: number;
}

export interface GpuSampleRecord {
  type: 'gpu_sample';
  /** End of the interval the sample covers: [ts - intervalS, ts). */
  ts: number;
  intervalS: number;
  node: string;
  gpu: number;
  role: Role;
  inputTokens: number | null;
  cachedTokens: number | null;
  outputTokens: number | null;
  requests: number | null;
  runningRequests: number | null;
  kvCacheTokens: number | null;
  kvCacheCapacity: number | null;
  dispatchSendTokens: number | null;
  dispatchRecvTokens: number | null;
  utilPct: number | null;
  memUsedBytes: number | null;
  powerW: number | null;
  /** Counter: energy the GPU used in the interval, joules (dcgm-exporter's energy counter). */
  energyJ: number | null;
}

export interface NodeEventRecord {
  type: 'node_event';
  ts: number;
  node: string;
  state: NodeState;
  gpuType: string | null;
  gpuCount: number | null;
  model: string | null;
}

export interface ExpertLoadRecord {
  type: 'expert_load';
  ts: number;
  intervalS: number;
  phase: Phase;
  layer: number;
  expert: number;
  node: string;
  gpu: number;
  tokens: number;
}

export type CanonicalRecord = RequestRecord | GpuSampleRecord | NodeEventRecord | ExpertLoadRecord;
export type RecordType = CanonicalRecord['type'];
export const RECORD_TYPES: readonly RecordType[] = ['request', 'gpu_sample', 'node_event', 'expert_load'];
