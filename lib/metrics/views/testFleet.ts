import { gpuSample, nodeEvent, request } from '@/lib/db/ingest/testRecords';
import type { CanonicalRecord, ExpertLoadRecord } from '@/lib/ingest/records';

/**
 * A small fleet with hand-computable figures (tests and browser tests), 2025-03-05 00:00–02:00 UTC:
 * p1 prefills 2 h (2 GPUs, 6,000 and 12,000 input tokens per 10 min, half cached); d1 decodes
 * 1 h (2 GPUs, 600 output tokens each per 10 min, KV 100 and 300 of 1,000) then is lent out;
 * e1 has no events and decodes 00:30–01:00 on 1 GPU (1,200 output tokens per 10 min); two
 * sampled requests; decode expert loads of one layer on d1.
 */
export const FLEET_T0 = Date.parse('2025-03-05T00:00:00Z');
const MIN = 60_000;
const every10 = (from: number, to: number) => Array.from({ length: (to - from) / 10 }, (_, k) => FLEET_T0 + (from + 10 * (k + 1)) * MIN);

const expert = (ts: number, gpu: number, e: number, tokens: number): ExpertLoadRecord => ({
  type: 'expert_load', ts, intervalS: 600, phase: 'decode', layer: 0, expert: e, node: 'd1', gpu, tokens,
});

export const TEST_FLEET: CanonicalRecord[] = [
  nodeEvent({ ts: FLEET_T0, node: 'p1', state: 'prefill', gpuCount: 2 }),
  nodeEvent({ ts: FLEET_T0, node: 'd1', state: 'decode', gpuCount: 2 }),
  nodeEvent({ ts: FLEET_T0 + 60 * MIN, node: 'd1', state: 'other', gpuCount: 2 }),
  ...every10(0, 120).flatMap((ts) => [
    gpuSample({ ts, node: 'p1', gpu: 0, intervalS: 600, role: 'prefill', inputTokens: 6000, cachedTokens: 3000, outputTokens: 0, runningRequests: 1, dispatchRecvTokens: 600, kvCacheTokens: null, kvCacheCapacity: null }),
    gpuSample({ ts, node: 'p1', gpu: 1, intervalS: 600, role: 'prefill', inputTokens: 12000, cachedTokens: 6000, outputTokens: 0, runningRequests: 3, dispatchRecvTokens: 1200, kvCacheTokens: null, kvCacheCapacity: null }),
  ]),
  ...every10(0, 60).flatMap((ts) => [
    gpuSample({ ts, node: 'd1', gpu: 0, intervalS: 600, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 600, runningRequests: 2, kvCacheTokens: 100, kvCacheCapacity: 1000, dispatchRecvTokens: 60 }),
    gpuSample({ ts, node: 'd1', gpu: 1, intervalS: 600, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 600, runningRequests: 2, kvCacheTokens: 300, kvCacheCapacity: 1000, dispatchRecvTokens: 60 }),
    expert(ts, 0, 0, 100), expert(ts, 0, 1, 300), expert(ts, 1, 2, 50), expert(ts, 1, 3, 50),
  ]),
  ...every10(30, 60).map((ts) =>
    gpuSample({ ts, node: 'e1', gpu: 0, intervalS: 600, role: 'decode', inputTokens: 0, cachedTokens: 0, outputTokens: 1200, runningRequests: 2, kvCacheTokens: 100, kvCacheCapacity: 1000 })),
  request({
    requestId: 'fleet-r1', arrivedAt: FLEET_T0 + MIN, inputTokens: 1000, cachedTokens: 400, outputTokens: 101, sampleWeight: 2,
    firstTokenAt: FLEET_T0 + MIN + 200, finishedAt: FLEET_T0 + MIN + 10_200, prefillNode: 'p1', prefillGpu: 0, decodeNode: 'd1', decodeGpu: 0,
  }),
  request({
    requestId: 'fleet-r2', arrivedAt: FLEET_T0 + 70 * MIN, inputTokens: 2000, cachedTokens: 0, outputTokens: 11, sampleWeight: 1,
    model: 'deepseek-v3', source: 'web', firstTokenAt: FLEET_T0 + 70 * MIN + 500, finishedAt: FLEET_T0 + 70 * MIN + 1500, prefillNode: 'p1', prefillGpu: 1,
  }),
];
