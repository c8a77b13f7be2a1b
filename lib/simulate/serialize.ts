import type { CanonicalRecord, RecordType } from '@/lib/ingest/records';

/**
 * Canonical records as canonical JSONL lines: `type` first, then the fields in snake_case as
 * DESIGN.md names them; instants as ISO 8601 UTC (`Z`, milliseconds, microseconds when the
 * instant carries a fraction of a millisecond); absent (null) optional fields left out.
 */
const FIELDS: Record<RecordType, readonly string[]> = {
  request: [
    'requestId', 'arrivedAt', 'inputTokens', 'outputTokens', 'cachedTokens', 'model', 'source', 'prefillStartedAt',
    'firstTokenAt', 'finishedAt', 'prefillNode', 'prefillGpu', 'decodeNode', 'decodeGpu', 'status', 'sampleWeight',
  ],
  gpu_sample: [
    'ts', 'intervalS', 'node', 'gpu', 'role', 'inputTokens', 'cachedTokens', 'outputTokens', 'requests', 'runningRequests',
    'kvCacheTokens', 'kvCacheCapacity', 'dispatchSendTokens', 'dispatchRecvTokens', 'utilPct', 'memUsedBytes', 'powerW',
  ],
  node_event: ['ts', 'node', 'state', 'gpuType', 'gpuCount', 'model'],
  expert_load: ['ts', 'intervalS', 'phase', 'layer', 'expert', 'node', 'gpu', 'tokens'],
};
const INSTANTS = new Set(['ts', 'arrivedAt', 'prefillStartedAt', 'firstTokenAt', 'finishedAt']);

interface Field {
  key: string;
  /** `,"snake_key":` */
  prefix: string;
  instant: boolean;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const LAYOUT = Object.fromEntries(
  Object.entries(FIELDS).map(([type, keys]) => [
    type,
    keys.map((key): Field => ({ key, prefix: `,${JSON.stringify(snake(key))}:`, instant: INSTANTS.has(key) })),
  ]),
) as Record<RecordType, Field[]>;

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

function value(field: Field, v: unknown): string {
  if (field.instant) return `"${isoInstant(v as number)}"`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`${field.key}: not a finite number: ${v}`);
    return String(v);
  }
  return JSON.stringify(v);
}

/** One record as one JSON line (without the newline). */
export function recordToJsonLine(record: CanonicalRecord): string {
  let line = `{"type":"${record.type}"`;
  const values = record as unknown as Record<string, unknown>;
  for (const field of LAYOUT[record.type]) {
    const v = values[field.key];
    if (v !== null && v !== undefined) line += field.prefix + value(field, v);
  }
  return `${line}}`;
}
