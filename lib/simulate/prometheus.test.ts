import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prometheusText } from '@/lib/ingest/formats/prometheus-text';
import { resolveMapping } from '@/lib/ingest/metrics/mapping';
import { parseText } from '@/lib/ingest/parse-testing';
import type { CanonicalRecord, GpuSampleRecord, NodeEventRecord, NodeState } from '@/lib/ingest/records';
import { recordWriter, scrapeMapping, unitRanks } from './formats';
import { deepseek20250227 as reference } from './profiles/deepseek-2025-02-27';
import { PrometheusScrapeWriter } from './prometheus';
import { gpuPowerW } from './samples';
import { simulate } from './simulate';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const S = 10_000;

const event = (ts: number, node: string, state: NodeState): NodeEventRecord => ({ type: 'node_event', ts, node, state, gpuType: 'H800', gpuCount: 1, model: null });

function sample(ts: number, node: string, fields: Partial<GpuSampleRecord>): GpuSampleRecord {
  return {
    type: 'gpu_sample', ts, intervalS: 10, node, gpu: 0, role: 'prefill', inputTokens: 0, cachedTokens: 0, outputTokens: 0, requests: 0,
    runningRequests: 2, kvCacheTokens: 4_000, kvCacheCapacity: 655_360, dispatchSendTokens: 1, dispatchRecvTokens: 1, utilPct: 50,
    memUsedBytes: null, powerW: gpuPowerW(50), energyJ: null, ...fields,
  };
}

interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
  ts: number;
}

function sampleLines(text: string): Line[] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const m = /^([^{ ]+)\{([^}]*)\} (\S+) (\d+)$/.exec(l);
    assert.ok(m, `not a sample line with labels and a timestamp: ${l}`);
    const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    return { name: m[1], labels, value: Number(m[3]), ts: Number(m[4]) };
  });
}

/** Values at one instant by `metric node` (the node from `node` or `Hostname`). */
const at = (lines: Line[], ts: number) =>
  Object.fromEntries(lines.filter((l) => l.ts === ts).map((l) => [`${l.name} ${l.labels.node ?? l.labels.Hostname}`, l.value]));

test('a serving stretch opens with its counters at 0; a lent node shows on dcgm-exporter only, an offline one not at all', () => {
  const writer = new PrometheusScrapeWriter({ gpuModelName: 'NVIDIA H800', modelName: 'deepseek-r1', scrapeIntervalS: 10, firstRank: new Map([['a', 8]]) });
  const records: CanonicalRecord[] = [
    event(T0, 'a', 'prefill'), event(T0, 'b', 'other'), event(T0, 'c', 'offline'),
    sample(T0 + S, 'a', { inputTokens: 1_000, cachedTokens: 600, requests: 3 }),
    sample(T0 + 2 * S, 'a', { inputTokens: 500, cachedTokens: 100, requests: 2, utilPct: 40, powerW: gpuPowerW(40) }),
    event(T0 + 2 * S, 'a', 'other'), event(T0 + 2 * S, 'b', 'decode'),
    sample(T0 + 3 * S, 'b', { role: 'decode', outputTokens: 700, requests: 2, runningRequests: 80, kvCacheTokens: 400_000 }),
  ];
  const text = records.map((r) => writer.write(r)).join('') + writer.end();
  const lines = sampleLines(text);
  assert.ok(text.startsWith('# HELP sglang:prompt_tokens_total Number of prefill tokens processed.\n# TYPE sglang:prompt_tokens_total counter\n'));
  assert.equal(lines[0].name, 'sglang:prompt_tokens_total');
  assert.deepEqual(lines[0].labels, { node: 'a', engine_type: 'prefill', dp_rank: '8', model_name: 'deepseek-r1' });
  assert.ok(!lines.some((l) => l.labels.node === 'c' || l.labels.Hostname === 'c'));
  const dcgm = lines.find((l) => l.name === 'DCGM_FI_DEV_GPU_UTIL')!;
  assert.deepEqual(dcgm.labels, { gpu: '0', UUID: dcgm.labels.UUID, device: 'nvidia0', modelName: 'NVIDIA H800', Hostname: 'a' });
  assert.match(dcgm.labels.UUID, /^GPU-[0-9a-f]{8}-/);

  assert.deepEqual(at(lines, T0), {
    'sglang:prompt_tokens_total a': 0, 'sglang:cached_tokens_total a': 0, 'sglang:generation_tokens_total a': 0, 'sglang:num_requests_total a': 0,
    'DCGM_FI_DEV_GPU_UTIL a': 0, 'DCGM_FI_DEV_FB_USED a': 0, 'DCGM_FI_DEV_POWER_USAGE a': 90, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION a': 0,
    'DCGM_FI_DEV_GPU_UTIL b': 0, 'DCGM_FI_DEV_FB_USED b': 0, 'DCGM_FI_DEV_POWER_USAGE b': 90, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION b': 0,
  });
  // 34 GB of weights and buffers + 655,360 KV tokens × 70,272 B = 80,053,949,440 B = 76,345 MiB.
  // Energy: 395 W × 10 s = 3,950,000 mJ; the idle GPU 90 W × 10 s.
  assert.deepEqual(at(lines, T0 + S), {
    'sglang:prompt_tokens_total a': 1_000, 'sglang:cached_tokens_total a': 600, 'sglang:generation_tokens_total a': 0, 'sglang:num_requests_total a': 3,
    'sglang:num_running_reqs a': 2, 'sglang:num_used_tokens a': 4_000, 'sglang:max_total_num_tokens a': 655_360,
    'DCGM_FI_DEV_GPU_UTIL a': 50, 'DCGM_FI_DEV_FB_USED a': 76_345, 'DCGM_FI_DEV_POWER_USAGE a': 395, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION a': 3_950_000,
    'DCGM_FI_DEV_GPU_UTIL b': 0, 'DCGM_FI_DEV_FB_USED b': 0, 'DCGM_FI_DEV_POWER_USAGE b': 90, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION b': 900_000,
  });
  // a's last interval before it is lent, and b's engine starting: counters at 0 under its own role.
  const second = at(lines, T0 + 2 * S);
  assert.deepEqual([second['sglang:prompt_tokens_total a'], second['sglang:cached_tokens_total a'], second['sglang:num_requests_total a']], [1_500, 700, 5]);
  assert.equal(second['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION a'], 3_950_000 + 3_340_000);
  assert.deepEqual(lines.filter((l) => l.ts === T0 + 2 * S && l.labels.node === 'b').map((l) => [l.name, l.labels.engine_type, l.value]), [
    ['sglang:prompt_tokens_total', 'decode', 0], ['sglang:cached_tokens_total', 'decode', 0],
    ['sglang:generation_tokens_total', 'decode', 0], ['sglang:num_requests_total', 'decode', 0],
  ]);
  const third = at(lines, T0 + 3 * S);
  assert.equal(third['sglang:prompt_tokens_total a'], undefined);
  assert.equal(third['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION a'], 3_950_000 + 3_340_000 + 900_000);
  assert.deepEqual([third['sglang:generation_tokens_total b'], third['sglang:num_requests_total b'], third['sglang:num_running_reqs b']], [700, 2, 80]);
});

test('between the records\' instants, nodes still reporting are scraped at each interval', () => {
  const writer = new PrometheusScrapeWriter({ gpuModelName: 'NVIDIA H800', modelName: 'm', scrapeIntervalS: 10, firstRank: new Map() });
  const text = writer.write(event(T0, 'b', 'other')) + writer.write(event(T0 + 3 * S, 'b', 'offline')) + writer.end();
  const energy = sampleLines(text).filter((l) => l.name === 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION').map((l) => [l.ts - T0, l.value]);
  assert.deepEqual(energy, [[0, 0], [S, 900_000], [2 * S, 1_800_000]]);
});

test('records out of time order, and scrapes further apart than the staleness, are refused', () => {
  const writer = new PrometheusScrapeWriter({ gpuModelName: 'NVIDIA H800', modelName: 'm', scrapeIntervalS: 10, firstRank: new Map() });
  writer.write(event(T0 + S, 'a', 'prefill'));
  assert.throws(() => writer.write(event(T0, 'b', 'prefill')), /out of time order/);
  assert.throws(() => new PrometheusScrapeWriter({ gpuModelName: 'x', modelName: 'm', scrapeIntervalS: 900, firstRank: new Map() }), /at most 300 s apart/);
});

test('DP ranks count across a unit\'s nodes: EP32 prefill units of 4 nodes, EP144 decode units of 18', () => {
  const ranks = unitRanks(reference);
  assert.deepEqual(['node-001', 'node-002', 'node-018', 'node-019', 'node-163', 'node-166', 'node-167'].map((n) => ranks.get(n)), [0, 8, 136, 0, 0, 24, 0]);
});

test('read back by the Prometheus ingest, the scrapes give the simulated GPU samples and the node events of every node that serves', () => {
  // The reference day from 03:15 to 06:45 UTC+8, 5-minute samples: 30 nodes are lent at 03:30 and come back at 06:30.
  const window = { start: Date.parse('2025-02-27T19:15:00Z'), end: Date.parse('2025-02-27T22:45:00Z') };
  const profile = { ...reference, expertLayers: [] };
  const records = [...simulate(profile, { seed: 1, scale: 0.00001, window, sampleIntervalS: 300, offlineAtEnd: true })];
  const writer = recordWriter('prometheus', profile, 300);
  const text = records.map((r) => writer.write(r)).join('') + writer.end();
  const out = parseText(prometheusText, text, { metricMapping: resolveMapping(scrapeMapping(profile)), now: window.end });
  assert.deepEqual(out.errors, []);

  const simulated = records.filter((r): r is GpuSampleRecord => r.type === 'gpu_sample');
  const read = out.records.filter((r): r is GpuSampleRecord => r.type === 'gpu_sample');
  const key = (s: GpuSampleRecord) => `${s.node}/${s.gpu}/${s.ts}`;
  const byKey = new Map(read.map((s) => [key(s), s]));
  assert.equal(read.length, simulated.length);
  assert.equal(simulated.length, 98 * 8 * 3 + 68 * 8 * 36 + 98 * 8 * 3);
  for (const s of simulated) {
    const r = byKey.get(key(s));
    assert.ok(r, `no sample read back for ${key(s)}`);
    // A prefill rank's prompt counters count, a decode rank's output and requests; the other side's stay unread.
    const prefill = s.role === 'prefill';
    assert.deepEqual(
      [r.role, r.intervalS, r.inputTokens, r.cachedTokens, r.outputTokens, r.requests, r.runningRequests, r.kvCacheTokens, r.kvCacheCapacity, r.utilPct, r.powerW],
      [s.role, s.intervalS, prefill ? s.inputTokens : null, prefill ? s.cachedTokens : null, prefill ? null : s.outputTokens, prefill ? null : s.requests,
        s.runningRequests, s.kvCacheTokens, s.kvCacheCapacity, s.utilPct, s.powerW],
      key(s),
    );
    assert.ok(r.energyJ !== null && s.powerW !== null && Math.abs(r.energyJ - s.powerW * s.intervalS) < 1e-6, `${key(s)}: ${r.energyJ} J`);
  }

  const eventKey = (e: NodeEventRecord) => `${new Date(e.ts).toISOString()} ${e.node} ${e.state} ${e.gpuType} ${e.gpuCount}`;
  const served = new Set(simulated.map((s) => s.node));
  const events = (list: CanonicalRecord[]) => list.filter((r): r is NodeEventRecord => r.type === 'node_event' && served.has(r.node)).map(eventKey).sort();
  assert.deepEqual(events(out.records), events(records));
  assert.equal(served.size, 98);
  // A node lent out for the whole window only ever shows on dcgm-exporter: the metrics give it no state.
  assert.ok(out.records.every((r) => r.type !== 'node_event' || served.has(r.node)));
  assert.ok(out.records.every((r) => r.type !== 'node_event' || r.model === 'deepseek-v3'));
});
