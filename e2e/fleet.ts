import { gpuSample, nodeEvent, request as requestRecord } from '@/lib/db/ingest/testRecords';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { recordToJsonLine } from '@/lib/simulate/serialize';

/**
 * A small fleet for one UTC day as canonical JSONL: a prefill node all day and a decode node
 * until noon (2 GPUs each, $2/GPU-hour: $144), one sample per GPU per hour (counters complete),
 * an API request and a free web one. Both nodes end the day offline, so that none of it reaches
 * the days other specs read. Node names carry `prefix` so specs do not share nodes.
 */
export function smallFleetJsonl(date: string, prefix: string): string {
  const t0 = Date.parse(`${date}T00:00:00Z`);
  const h = 3_600_000;
  const hours = (n: number) => Array.from({ length: n }, (_, i) => t0 + (i + 1) * h);
  const [p1, d1] = [`${prefix}-p1`, `${prefix}-d1`];
  const records: CanonicalRecord[] = [
    nodeEvent({ ts: t0, node: p1, state: 'prefill', gpuCount: 2 }),
    nodeEvent({ ts: t0, node: d1, state: 'decode', gpuCount: 2 }),
    nodeEvent({ ts: t0 + 12 * h, node: d1, state: 'other', gpuCount: 2 }),
    nodeEvent({ ts: t0 + 24 * h, node: p1, state: 'offline', gpuCount: 2 }),
    nodeEvent({ ts: t0 + 24 * h, node: d1, state: 'offline', gpuCount: 2 }),
    ...[0, 1].flatMap((gpu) => [
      ...hours(24).map((ts) => gpuSample({ ts, node: p1, gpu, intervalS: 3600, role: 'prefill', inputTokens: 1e6, cachedTokens: 5e5, outputTokens: 0 })),
      ...hours(12).map((ts) => gpuSample({ ts, node: d1, gpu, intervalS: 3600, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 1e5 })),
    ]),
    requestRecord({ requestId: `${prefix}-a`, arrivedAt: t0 + h, sampleWeight: 1000 }),
    requestRecord({ requestId: `${prefix}-b`, arrivedAt: t0 + 5 * h, sampleWeight: 500, source: 'web', model: 'deepseek-v3' }),
  ];
  return records.map(recordToJsonLine).join('\n') + '\n';
}
