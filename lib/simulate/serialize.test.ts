import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GpuSampleRecord, RequestRecord } from '@/lib/ingest/records';
import { isoInstant, recordToJsonLine } from './serialize';

const request: RequestRecord = {
  type: 'request', requestId: 'r "1"', arrivedAt: Date.parse('2025-02-27T04:00:00.250Z'), inputTokens: 4000, outputTokens: 800,
  cachedTokens: 2250, model: 'deepseek-r1', source: 'api', prefillStartedAt: null, firstTokenAt: Date.parse('2025-02-27T04:00:01Z'),
  finishedAt: Date.parse('2025-02-27T04:00:39.5Z'), prefillNode: 'node-163', prefillGpu: 0, decodeNode: null, decodeGpu: null,
  status: 'stop', sampleWeight: 1000,
};

test('a request becomes one line: type first, snake_case, ISO instants in UTC, absent fields left out', () => {
  const line = recordToJsonLine(request);
  assert.ok(line.startsWith('{"type":"request","request_id":"r \\"1\\"","arrived_at":"2025-02-27T04:00:00.250Z",'));
  assert.ok(!line.includes('\n'));
  assert.deepEqual(JSON.parse(line), {
    type: 'request', request_id: 'r "1"', arrived_at: '2025-02-27T04:00:00.250Z', input_tokens: 4000, output_tokens: 800,
    cached_tokens: 2250, model: 'deepseek-r1', source: 'api', first_token_at: '2025-02-27T04:00:01.000Z',
    finished_at: '2025-02-27T04:00:39.500Z', prefill_node: 'node-163', prefill_gpu: 0, status: 'stop', sample_weight: 1000,
  });
});

test('a gpu_sample keeps zeros and fractions, and drops nulls', () => {
  const sample: GpuSampleRecord = {
    type: 'gpu_sample', ts: Date.parse('2025-02-27T04:00:10Z'), intervalS: 10, node: 'node-001', gpu: 7, role: 'decode',
    inputTokens: 0, cachedTokens: 0, outputTokens: 18735, requests: 14, runningRequests: 90, kvCacheTokens: 451186,
    kvCacheCapacity: 655360, dispatchSendTokens: 8693040, dispatchRecvTokens: 8868910, utilPct: 92.9, memUsedBytes: null, powerW: 656.7, energyJ: null,
  };
  assert.equal(
    recordToJsonLine(sample),
    '{"type":"gpu_sample","ts":"2025-02-27T04:00:10.000Z","interval_s":10,"node":"node-001","gpu":7,"role":"decode",' +
      '"input_tokens":0,"cached_tokens":0,"output_tokens":18735,"requests":14,"running_requests":90,"kv_cache_tokens":451186,' +
      '"kv_cache_capacity":655360,"dispatch_send_tokens":8693040,"dispatch_recv_tokens":8868910,"util_pct":92.9,"power_w":656.7}',
  );
});

test('node_event and expert_load use the DESIGN.md field names', () => {
  const ts = Date.parse('2025-02-27T16:00:00Z');
  assert.deepEqual(JSON.parse(recordToJsonLine({ type: 'node_event', ts, node: 'n1', state: 'other', gpuType: 'H800', gpuCount: 8, model: null })), {
    type: 'node_event', ts: '2025-02-27T16:00:00.000Z', node: 'n1', state: 'other', gpu_type: 'H800', gpu_count: 8,
  });
  const load = JSON.parse(recordToJsonLine({ type: 'expert_load', ts, intervalS: 600, phase: 'decode', layer: 57, expert: 256, node: 'n1', gpu: 3, tokens: 12 }));
  assert.deepEqual(Object.keys(load), ['type', 'ts', 'interval_s', 'phase', 'layer', 'expert', 'node', 'gpu', 'tokens']);
});

test('instants keep sub-millisecond precision as microseconds', () => {
  const ms = Date.parse('2025-02-27T04:00:00.123Z');
  assert.equal(isoInstant(ms), '2025-02-27T04:00:00.123Z');
  assert.equal(isoInstant(ms + 0.456), '2025-02-27T04:00:00.123456Z');
  assert.equal(isoInstant(ms + 0.0004), '2025-02-27T04:00:00.123Z');
  assert.equal(isoInstant(ms + 0.9996), '2025-02-27T04:00:00.124Z');
  assert.equal(Date.parse(isoInstant(ms + 0.456)), ms);
});

test('a non-finite number is refused rather than written as null', () => {
  assert.throws(() => recordToJsonLine({ ...request, sampleWeight: Infinity }), /sample_weight: not a finite number/);
  assert.throws(() => recordToJsonLine({ ...request, arrivedAt: NaN }), /not an instant/);
});
