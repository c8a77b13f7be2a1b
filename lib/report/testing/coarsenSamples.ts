import type { CanonicalRecord, GpuSampleRecord } from '@/lib/ingest/records';

const COUNTERS = ['inputTokens', 'cachedTokens', 'outputTokens', 'requests', 'dispatchSendTokens', 'dispatchRecvTokens'] as const;
const GAUGES = ['runningRequests', 'kvCacheTokens', 'kvCacheCapacity', 'utilPct', 'memUsedBytes', 'powerW'] as const;
const WHOLE = new Set<string>(['runningRequests', 'kvCacheTokens', 'kvCacheCapacity', 'memUsedBytes']);

interface Open {
  sample: GpuSampleRecord;
  start: number;
  gaugeSeconds: Map<string, number>;
}

/**
 * Test support: merges each GPU's consecutive gpu_samples (same node, GPU and role, no gap) into
 * one sample per `stepMs` bucket — counters summed, gauges time-weighted — so a fleet day at 10-s
 * samples loads in a fraction of the rows with its counters still complete (every GPU-second a
 * sample covered is still covered once). Records must arrive in time order; other records pass
 * through unchanged.
 */
export function* coarsenSamples(records: Iterable<CanonicalRecord>, stepMs: number): Generator<CanonicalRecord> {
  const open = new Map<string, Open>();
  let bucket = -Infinity;
  function* flush(key: string): Generator<GpuSampleRecord> {
    const o = open.get(key);
    if (!o) return;
    open.delete(key);
    const seconds = (o.sample.ts - o.start) / 1000;
    const merged: GpuSampleRecord = { ...o.sample, intervalS: seconds };
    for (const g of GAUGES) {
      const total = o.gaugeSeconds.get(g);
      merged[g] = total === undefined ? null : WHOLE.has(g) ? Math.round(total / seconds) : total / seconds;
    }
    yield merged;
  }
  for (const record of records) {
    if (record.type !== 'gpu_sample') {
      yield record;
      continue;
    }
    const start = record.ts - record.intervalS * 1000;
    const b = Math.floor(start / stepMs);
    if (b > bucket) {
      for (const key of [...open.keys()]) yield* flush(key);
      bucket = b;
    }
    const key = `${record.node}|${record.gpu}|${record.role}`;
    if (open.get(key) && open.get(key)?.sample.ts !== start) yield* flush(key);
    const o = open.get(key) ?? { sample: { ...record, ...Object.fromEntries(COUNTERS.map((c) => [c, null])) }, start, gaugeSeconds: new Map() };
    for (const c of COUNTERS) {
      const v = record[c];
      if (v !== null) o.sample[c] = (o.sample[c] ?? 0) + v;
    }
    for (const g of GAUGES) {
      const v = record[g];
      if (v !== null) o.gaugeSeconds.set(g, (o.gaugeSeconds.get(g) ?? 0) + v * record.intervalS);
    }
    o.sample.ts = record.ts;
    open.set(key, o);
  }
  for (const key of [...open.keys()]) yield* flush(key);
}
