import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalRecord, GpuSampleRecord, NodeEventRecord } from '@/lib/ingest/records';
import { MetricDeriver, type DeriveOptions } from './derive';
import { resolveMapping } from './mapping';
import { seriesKey, type Labels, type MetricSample, type MetricType, type Series } from './types';

const T0 = Date.parse('2025-02-27T04:00:00Z');
const S = 1000;

const interned = new Map<string, Series>();
function series(name: string, labels: Labels, type: MetricType = 'unknown'): Series {
  const key = seriesKey(name, labels);
  let s = interned.get(key);
  if (!s) interned.set(key, (s = { name, labels, type, family: name, key }));
  return s;
}
const at = (name: string, labels: Labels, ts: number | null, value: number): MetricSample => ({ series: series(name, labels), ts, value, line: 0 });

function derive(samples: MetricSample[], over: Partial<DeriveOptions> = {}) {
  const d = new MetricDeriver({ mapping: resolveMapping(), scrapeTime: null, horizonMs: Infinity, ...over });
  for (const s of samples) assert.equal(d.add(s), null);
  const records = d.flush(true);
  return {
    samples: records.filter((r): r is GpuSampleRecord => r.type === 'gpu_sample').sort((a, b) => a.node.localeCompare(b.node) || a.gpu - b.gpu || a.ts - b.ts),
    events: records.filter((r): r is NodeEventRecord => r.type === 'node_event').sort((a, b) => a.node.localeCompare(b.node) || a.ts - b.ts),
    notices: d.notices.list(),
    records,
  };
}

const sg = (node: string, role: string, rank = '0') => ({ node, engine_type: role, dp_rank: rank, model_name: 'deepseek-r1' });

/** Three scrapes of one SGLang prefill rank and one decode rank, 10 s apart. */
function pdScrapes(): MetricSample[] {
  const out: MetricSample[] = [];
  for (let k = 0; k < 3; k++) {
    const ts = T0 + k * 10 * S;
    out.push(
      at('sglang:prompt_tokens_total', sg('p1', 'prefill'), ts, 1000 * k),
      at('sglang:cached_tokens_total', sg('p1', 'prefill'), ts, 400 * k),
      at('sglang:generation_tokens_total', sg('p1', 'prefill'), ts, 3 * k),
      at('sglang:num_requests_total', sg('p1', 'prefill'), ts, 3 * k),
      at('sglang:prompt_tokens_total', sg('d1', 'decode'), ts, 1000 * k),
      at('sglang:cached_tokens_total', sg('d1', 'decode'), ts, 400 * k),
      at('sglang:generation_tokens_total', sg('d1', 'decode'), ts, 150 * k),
      at('sglang:num_requests_total', sg('d1', 'decode'), ts, 3 * k),
      at('sglang:num_running_reqs', sg('d1', 'decode'), ts, 40),
      at('sglang:num_used_tokens', sg('d1', 'decode'), ts, 5000),
      at('sglang:max_total_num_tokens', sg('d1', 'decode'), ts, 20000),
    );
  }
  return out;
}

test('counters become increases per interval; the prefill side counts the prompt, the decode side the output and requests', () => {
  const { samples } = derive(pdScrapes());
  const d = samples.filter((s) => s.node === 'd1');
  const p = samples.filter((s) => s.node === 'p1');
  assert.deepEqual(p.map((s) => [s.ts - T0, s.intervalS, s.role, s.inputTokens, s.cachedTokens, s.outputTokens, s.requests]), [
    [10 * S, 10, 'prefill', 1000, 400, null, null],
    [20 * S, 10, 'prefill', 1000, 400, null, null],
  ]);
  assert.deepEqual(d.map((s) => [s.role, s.inputTokens, s.cachedTokens, s.outputTokens, s.requests, s.runningRequests, s.kvCacheTokens, s.kvCacheCapacity]), [
    ['decode', null, null, 150, 3, 40, 5000, 20000],
    ['decode', null, null, 150, 3, 40, 5000, 20000],
  ]);
});

test('the first sample of a series gives no interval, unless its _created time does', () => {
  const labels = sg('p1', 'prefill');
  const without = derive([at('sglang:prompt_tokens_total', labels, T0, 500)]);
  assert.equal(without.samples.length, 0);
  assert.ok(without.notices.some((n) => n.reason.startsWith('first sample')));
  const created = derive([
    at('sglang:prompt_tokens_total', labels, T0 + 10 * S, 500),
    at('sglang:prompt_tokens_created', labels, T0 + 10 * S, (T0 + 4 * S) / 1000),
    at('sglang:prompt_tokens_total', labels, T0 + 20 * S, 700),
  ]);
  // The created time arrives after the first sample (as OpenMetrics writes it): the second row still counts from the first.
  assert.deepEqual(created.samples.map((s) => [s.intervalS, s.inputTokens]), [[10, 200]]);
  const first = derive([
    at('sglang:prompt_tokens_created', labels, T0 + 10 * S, (T0 + 4 * S) / 1000),
    at('sglang:prompt_tokens_total', labels, T0 + 10 * S, 500),
    at('sglang:prompt_tokens_total', labels, T0 + 20 * S, 700),
  ]);
  assert.deepEqual(first.samples.map((s) => [s.intervalS, s.inputTokens]), [[6, 500], [10, 200]]);
});

test('a counter that goes down restarted: the increase is its new value', () => {
  const labels = sg('p1', 'prefill');
  const { samples } = derive([1000, 1600, 250, 900].map((v, k) => at('sglang:prompt_tokens_total', labels, T0 + k * 10 * S, v)));
  assert.deepEqual(samples.map((s) => s.inputTokens), [600, 250, 650]);
});

test('a renamed metric reads as one series across the rename, and the newer name wins where both are reported', () => {
  const labels = { node: 'v1', engine: '0', model_name: 'm', role: 'decode' };
  const { samples, notices } = derive([
    at('vllm:gpu_cache_usage_perc', labels, T0, 0.5),
    at('vllm:generation_tokens_total', labels, T0, 0),
    at('vllm:gpu_cache_usage_perc', labels, T0 + 10 * S, 0.25),
    at('vllm:generation_tokens_total', labels, T0 + 10 * S, 100),
    // Upgraded: both names for one scrape, then only the new one.
    at('vllm:gpu_cache_usage_perc', labels, T0 + 20 * S, 0.9),
    at('vllm:kv_cache_usage_perc', labels, T0 + 20 * S, 0.5),
    at('vllm:generation_tokens_total', labels, T0 + 20 * S, 200),
    at('vllm:cache_config_info', { node: 'v1', engine: '0', block_size: '16', num_gpu_blocks: '1000' }, T0 + 20 * S, 1),
    at('vllm:kv_cache_usage_perc', labels, T0 + 30 * S, 0.75),
    at('vllm:gpu_cache_usage_perc', labels, T0 + 30 * S, 0.1),
    at('vllm:generation_tokens_total', labels, T0 + 30 * S, 300),
  ]);
  assert.deepEqual(samples.map((s) => [s.outputTokens, s.kvCacheCapacity, s.kvCacheTokens]), [
    [100, 16000, 4000],
    [100, 16000, 8000],
    [100, 16000, 12000],
  ]);
  assert.ok(notices.some((n) => n.metric === 'vllm:gpu_cache_usage_perc' && n.reason.includes('newer name')));
});

test('a scrape missing a series puts its increase in the next row it reports in', () => {
  const labels = sg('d1', 'decode');
  const samples = [0, 1, 2, 3].flatMap((k) => [
    at('sglang:num_running_reqs', labels, T0 + k * 10 * S, 10),
    ...(k === 2 ? [] : [at('sglang:generation_tokens_total', labels, T0 + k * 10 * S, 100 * k)]),
  ]);
  const out = derive(samples).samples;
  assert.deepEqual(out.map((s) => [s.intervalS, s.outputTokens]), [[10, 100], [10, null], [10, 200]]);
  assert.equal(out.reduce((sum, s) => sum + (s.outputTokens ?? 0), 0), 300);
});

test('samples sent twice or out of order are read once', () => {
  const labels = sg('p1', 'prefill');
  const ordered = [0, 1, 2, 3].map((k) => at('sglang:prompt_tokens_total', labels, T0 + k * 10 * S, 100 * k));
  const shuffled = [ordered[0], ordered[1], ordered[1], ordered[3], ordered[2], ordered[3]];
  const a = derive(ordered).samples.reduce((s, r) => s + (r.inputTokens ?? 0), 0);
  const b = derive(shuffled).samples.reduce((s, r) => s + (r.inputTokens ?? 0), 0);
  assert.equal(a, 300);
  assert.equal(b, 300);
});

test('dcgm-exporter samples fold into the next engine row of their GPU; other GPUs of the node get rows of their own', () => {
  const dcgm = (gpu: string) => ({ Hostname: 'd1', gpu, UUID: `GPU-${gpu}`, modelName: 'NVIDIA H800' });
  const samples: MetricSample[] = [];
  for (let k = 0; k < 3; k++) {
    const engineTs = T0 + k * 10 * S;
    samples.push(at('sglang:generation_tokens_total', sg('d1', 'decode'), engineTs, 100 * k));
    for (const gpu of ['0', '1']) {
      samples.push(at('DCGM_FI_DEV_POWER_USAGE', dcgm(gpu), engineTs - 3 * S, 400 + k));
      samples.push(at('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', dcgm(gpu), engineTs - 3 * S, 4_000_000 * k));
      samples.push(at('DCGM_FI_DEV_FB_USED', dcgm(gpu), engineTs - 3 * S, 1024));
    }
  }
  const { samples: rows, events } = derive(samples);
  const gpu0 = rows.filter((r) => r.gpu === 0);
  const gpu1 = rows.filter((r) => r.gpu === 1);
  assert.deepEqual(gpu0.map((r) => [r.ts - T0, r.outputTokens, r.powerW, r.energyJ, r.memUsedBytes]), [
    [10 * S, 100, 401, 4000, 1024 * 1024 * 1024],
    [20 * S, 100, 402, 4000, 1024 * 1024 * 1024],
  ]);
  assert.deepEqual(gpu1.map((r) => [r.ts - T0, r.role, r.outputTokens, r.energyJ]), [
    [7 * S, 'decode', null, 4000],
    [17 * S, 'decode', null, 4000],
  ]);
  assert.deepEqual(events.map((e) => [e.ts - T0, e.state, e.gpuType, e.gpuCount]), [
    [0, 'decode', 'H800', 2],
    [20 * S, 'offline', 'H800', 2],
  ]);
});

test("a node's engine series stopping while dcgm-exporter still reports sends it to other, and back when they return", () => {
  const samples: MetricSample[] = [];
  const hw = { Hostname: 'n1', gpu: '0', modelName: 'NVIDIA H800' };
  for (let minute = 0; minute < 30; minute++) {
    const ts = T0 + minute * 60 * S;
    samples.push(at('DCGM_FI_DEV_POWER_USAGE', hw, ts + 5 * S, 300));
    if (minute < 10 || minute >= 20) samples.push(at('sglang:prompt_tokens_total', sg('n1', 'prefill'), ts, minute * 1000));
  }
  const { events, samples: rows } = derive(samples);
  assert.deepEqual(events.map((e) => [(e.ts - T0) / 60_000, e.state]), [[0, 'prefill'], [9, 'other'], [20, 'prefill'], [29, 'offline']]);
  // The prompt counted across the lending gap is not counted (the first sample after a gap gives no interval).
  assert.equal(rows.reduce((s, r) => s + (r.inputTokens ?? 0), 0), 9 * 1000 + 9 * 1000);
});

test('series it cannot place are reported with the reason, never guessed', () => {
  const { samples, notices } = derive([
    at('vllm:generation_tokens_total', { engine: '0', model_name: 'm' }, T0, 0),
    at('vllm:generation_tokens_total', { node: 'v1', engine: '0', model_name: 'm' }, T0, 0),
    at('vllm:generation_tokens_total', { node: 'v1', engine: '0', model_name: 'm' }, T0 + 10 * S, 50),
    at('sglang:num_running_reqs', { node: 's1', engine_type: 'mixed' }, T0, 1),
  ]);
  assert.equal(samples.length, 0);
  const reasons = notices.filter((n) => n.kind === 'unplaced_series').map((n) => n.reason);
  assert.ok(reasons.some((r) => r.startsWith('no node label')));
  assert.ok(reasons.some((r) => r.startsWith('no role')));
  assert.ok(reasons.some((r) => r.includes('engine_type="mixed"')));
});

test('a defaultRole in the mapping places engines without a role label; both phases count then', () => {
  const labels = { instance: 'v1:8000', engine: '0', model_name: 'm' };
  const { samples } = derive(
    [0, 1].flatMap((k) => [
      at('vllm:prompt_tokens_total', labels, T0 + k * 10 * S, 1000 * k),
      at('vllm:generation_tokens_total', labels, T0 + k * 10 * S, 100 * k),
    ]),
    { mapping: resolveMapping({ defaultRole: 'both' }) },
  );
  assert.deepEqual(samples.map((s) => [s.node, s.role, s.inputTokens, s.outputTokens]), [['v1', 'decode', 1000, 100]]);
});

test("vLLM's prompt split by source leaves out the prompt a decode side received by KV transfer", () => {
  const labels = (source: string) => ({ node: 'v1', engine: '0', role: 'both', source });
  const mapping = resolveMapping({ roleValues: { both: 'both' } });
  const { samples } = derive(
    [0, 1].flatMap((k) => [
      at('vllm:prompt_tokens_total', { node: 'v1', engine: '0', role: 'both' }, T0 + k * 10 * S, 5000 * k),
      at('vllm:prompt_tokens_by_source_total', labels('local_compute'), T0 + k * 10 * S, 300 * k),
      at('vllm:prompt_tokens_by_source_total', labels('local_cache_hit'), T0 + k * 10 * S, 200 * k),
      at('vllm:prompt_tokens_by_source_total', labels('external_kv_transfer'), T0 + k * 10 * S, 4500 * k),
    ]),
    { mapping },
  );
  assert.deepEqual(samples.map((s) => [s.inputTokens, s.cachedTokens]), [[500, 200]]);
});

test('a plain scrape takes its time from the scrape time; without one it is an error', () => {
  const d = new MetricDeriver({ mapping: resolveMapping(), scrapeTime: null, horizonMs: Infinity });
  assert.match(d.add(at('sglang:num_running_reqs', sg('d1', 'decode'), null, 1)) ?? '', /--scrape-time/);
  const withTime = new MetricDeriver({ mapping: resolveMapping(), scrapeTime: T0, horizonMs: Infinity });
  assert.equal(withTime.add(at('sglang:num_running_reqs', sg('d1', 'decode'), null, 1)), null);
});

test('rows wait for the horizon, then are emitted once; a late sample for an emitted row moves to the next', () => {
  const d = new MetricDeriver({ mapping: resolveMapping(), scrapeTime: null, horizonMs: 30 * S });
  const labels = sg('p1', 'prefill');
  const emitted: CanonicalRecord[] = [];
  for (let k = 0; k < 10; k++) {
    d.add(at('sglang:prompt_tokens_total', labels, T0 + k * 10 * S, 100 * k));
    emitted.push(...d.flush());
  }
  const rows = () => emitted.filter((r): r is GpuSampleRecord => r.type === 'gpu_sample');
  assert.deepEqual(rows().map((r) => (r.ts - T0) / S), [10, 20, 30, 40, 50, 60]);
  emitted.push(...d.flush(true));
  assert.equal(rows().length, 9);
  assert.equal(rows().reduce((s, r) => s + (r.inputTokens ?? 0), 0), 900);
});
