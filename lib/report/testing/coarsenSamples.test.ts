import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpuSample, nodeEvent } from '@/lib/db/ingest/testRecords';
import type { GpuSampleRecord } from '@/lib/ingest/records';
import { coarsenSamples } from './coarsenSamples';

const S = 10_000;
const tick = (k: number, over: Partial<GpuSampleRecord> = {}) => gpuSample({ ts: (k + 1) * S, node: 'n', gpu: 0, inputTokens: k, kvCacheTokens: k * 10, ...over });

test('consecutive samples merge per bucket: counters summed, gauges time-weighted', () => {
  const out = [...coarsenSamples([tick(0), tick(1), tick(2), nodeEvent({ ts: 3 * S, node: 'n' }), tick(3), tick(4)], 3 * S)];
  const samples = out.filter((r): r is GpuSampleRecord => r.type === 'gpu_sample');
  assert.deepEqual(samples.map((s) => [s.ts / S, s.intervalS, s.inputTokens, s.kvCacheTokens]), [
    [3, 30, 0 + 1 + 2, 10],
    [5, 20, 3 + 4, 35],
  ]);
  assert.equal(out.filter((r) => r.type === 'node_event').length, 1);
});

test('a gap or a role change starts a new sample, so no second is covered twice or invented', () => {
  const out = [...coarsenSamples([tick(0), tick(2), tick(3, { role: 'decode' })], 6 * S)] as GpuSampleRecord[];
  assert.deepEqual(out.map((s) => [s.role, s.ts / S, s.intervalS]), [['prefill', 1, 10], ['prefill', 3, 10], ['decode', 4, 10]]);
});
