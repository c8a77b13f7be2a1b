import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { storeRecords } from '@/lib/db/ingest/testRecords';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { DEFAULT_BALANCER } from '@/lib/metrics/balancerSettings';
import { rawReader } from '@/lib/metrics/raw/rawReader';
import { rollupReader } from '@/lib/metrics/rollupReader';
import { computeDailyReport } from '@/lib/report/live';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { roundDeep } from './compare';
import { computeView, type ViewSettings } from './index';
import { FLEET_T0, TEST_FLEET } from './testFleet';
import { VIEW_NAMES, type View, type ViewQuery } from './types';

let db: TestDb;
const MIN = 60_000;
const HOUR = 60 * MIN;
const settings: ViewSettings = {
  pricing: DEFAULT_PRICING,
  balancer: { ...DEFAULT_BALANCER, decode: { groups: 2, nodes: 1, gpus: 2, redundant: 2 } },
  now: FLEET_T0 + 2 * HOUR,
};

async function store(records: CanonicalRecord[]): Promise<void> {
  await storeRecords(db, records, { fileName: 'fleet' });
}

before(async () => {
  db = await createTestDb();
  // Two batches, so the rollups merge partial sums (and maxima) as a real ingest does.
  await store(TEST_FLEET.filter((_, i) => i % 2 === 0));
  await store(TEST_FLEET.filter((_, i) => i % 2 === 1));
});
after(() => db.drop());

const query = (over: Partial<ViewQuery> = {}): ViewQuery => ({
  window: { start: FLEET_T0, end: FLEET_T0 + 2 * HOUR }, step: '1h', timeZone: 'UTC', dayStart: '00:00', ...over,
});
const view = (name: View['view'], over: Partial<ViewQuery> = {}) => computeView(name, rollupReader(db.pool), query(over), settings);
const value = (v: View, key: string) => v.figures[key]?.value;

function close(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}

test('throughput and cache: counters are complete, per-node rates from node-seconds', async () => {
  const t = await view('throughput');
  assert.equal(t.figures['tokens.input'].source, 'counters');
  close(value(t, 'tokens.input'), 12 * 18_000, 'input');
  close(value(t, 'tokens.output'), 6 * 2 * 600 + 3 * 1200, 'output');
  close(value(t, 'throughput.prefillPerNode'), 216_000 / 7200, 'prefill per node');
  close(value(t, 'throughput.decodePerNode'), 10_800 / (3600 + 1800), 'decode per node (e1 from its samples)');
  const tokens = t.charts.find((c) => c.id === 'tokens-per-second');
  close(tokens?.series.find((s) => s.key === 'input')?.points[0].y, 108_000 / 3600, 'first hour input tokens/s');
  const c = await view('cache');
  close(value(c, 'tokens.cacheHitRatio'), 0.5, 'hit ratio');
  assert.deepEqual(c.tables[0].rows.map((r) => [r.model, r.source, r.hitRatio]), [['deepseek-r1', 'api', 0.4], ['deepseek-v3', 'web', 0]]);
});

test('a window cutting samples counts their overlap only', async () => {
  // [00:05, 00:15): half of p1's samples ending 00:10 and 00:20 (18,000 input tokens each), 10 minutes of p1 and d1.
  const t = await view('throughput', { window: { start: FLEET_T0 + 5 * MIN, end: FLEET_T0 + 15 * MIN }, step: '5m' });
  close(value(t, 'tokens.input'), 9000 + 9000, 'input');
  close(value(t, 'throughput.prefillPerNode'), 18_000 / 600, 'prefill per node');
  const n = await view('nodes', { window: { start: FLEET_T0 + 5 * MIN, end: FLEET_T0 + 15 * MIN }, step: '5m' });
  close(value(n, 'nodes.nodeHours'), 20 / 60, 'node-hours: p1 and d1 for 10 minutes, e1 not yet');
});

test('nodes: node-hours from events and samples, peak, the step chart, freshness', async () => {
  const n = await view('nodes');
  close(value(n, 'nodes.nodeHours'), 2 + 1 + 0.5, 'node-hours');
  close(value(n, 'nodes.avg'), 1.75, 'average nodes');
  close(value(n, 'nodes.peak'), 3, 'peak');
  close(value(n, 'nodes.gpuHours'), 4 + 2 + 0.5, 'GPU-hours');
  assert.equal(n.figures['nodes.avg'].source, 'mixed');
  const decode = n.charts[0].series.find((s) => s.key === 'decode');
  assert.deepEqual(decode?.points.map((p) => [((p.x as number) - FLEET_T0) / MIN, p.y]), [[0, 1], [30, 2], [60, 0], [120, 0]]);
  // No history before the window: DeepSeek's reference rates; the fleet needs 216,000 / 7,200 s ÷ 73,700 + … nodes.
  assert.equal(value(n, 'capacity.prefillRate'), 73_700);
  const fresh = n.tables.find((t) => t.id === 'freshness');
  assert.deepEqual(fresh?.rows.map((r) => [r.node, r.flag]), [['d1', 'ok'], ['e1', 'ok'], ['p1', 'ok']]);
});

test('nodes: energy per step, per node and day, and its cost only where an electricity rate is in force', async () => {
  // 400 W per GPU: p1 2 GPUs × 2 h, d1 2 × 1 h, e1 1 × 0.5 h.
  const n = await view('nodes');
  close(value(n, 'energy.kwh'), 1.6 + 0.8 + 0.2, 'kWh');
  assert.deepEqual([value(n, 'energy.cost'), n.figures['energy.cost'].absent], [null, 'unpriced']); // no rate: unpriced, not $0
  const table = n.tables.find((t) => t.id === 'energy-by-node-day');
  assert.deepEqual(table?.columns.map((c) => c.key), ['node', '2025-03-05', 'total', 'missing']);
  assert.deepEqual(table?.rows.map((r) => [r.node, r['2025-03-05'], r.total, r.missing]), [
    ['d1', 0.8, 0.8, null], ['e1', 0.2, 0.2, null], ['p1', 1.6, 1.6, null], ['All nodes', 2.6, 2.6, null],
  ]);
  const chart = n.charts.find((c) => c.id === 'energy');
  close(chart?.series.find((s) => s.key === 'prefill')?.points[0].y, 0.8, 'first hour prefill kWh');
  assert.equal(chart?.series.find((s) => s.key === 'idle')?.points[0].y, null); // nothing measured, not 0

  // $0.25/kWh until 00:30 (p1 and d1: 0.8 kWh, $0.20), $0.50 after (1.8 kWh, $0.90).
  const rates = [
    { usdPerKwh: '0.25', effectiveFrom: 0, effectiveTo: FLEET_T0 + 30 * MIN },
    { usdPerKwh: '0.50', effectiveFrom: FLEET_T0 + 30 * MIN, effectiveTo: null },
  ];
  const priced = await computeView('nodes', rollupReader(db.pool), query(), { ...settings, pricing: { ...DEFAULT_PRICING, electricityRates: rates } });
  assert.equal(value(priced, 'energy.cost'), 1.1);
  assert.equal(priced.figures['energy.kwh'].note, 'energy cost $1.10');
  const raw = await computeView('nodes', rawReader(db.pool), query(), { ...settings, pricing: { ...DEFAULT_PRICING, electricityRates: rates } });
  assert.deepEqual(roundDeep(raw), roundDeep(priced));
});

test('a node in service that stopped reporting is flagged', async () => {
  const n = await computeView('nodes', rollupReader(db.pool), query({ window: { start: FLEET_T0, end: FLEET_T0 + 3 * HOUR } }), { ...settings, now: FLEET_T0 + 3 * HOUR });
  const fresh = n.tables.find((t) => t.id === 'freshness');
  assert.equal(fresh?.rows.find((r) => r.node === 'p1')?.flag, 'stopped reporting');
  assert.equal(value(n, 'freshness.flaggedNodes'), 1);
});

test('latency and KV: weighted means and percentiles of the sampled requests', async () => {
  const l = await view('latency');
  close(value(l, 'outputSpeed.mean'), 10, 'output speed');
  close(value(l, 'ttftMs.mean'), (2 * 200 + 500) / 3, 'TTFT');
  assert.equal(l.figures['ttftMs.mean'].source, 'requests');
  const k = await view('kv');
  close(value(k, 'kv.avgLengthPerOutputToken'), (2 * (101 * 1000 + 5050) + (11 * 2000 + 55)) / (2 * 101 + 11), 'KV length per output token');
  close(value(k, 'kvUsage.fleet'), (6 * 600 * 100 + 6 * 600 * 300 + 3 * 600 * 100) / (15 * 600 * 1000), 'decode KV usage');
  close(value(k, 'kvUsage.maxGpu'), 0.3, 'fullest GPU');
  const share = k.charts.find((c) => c.id === 'kv-distribution')?.series[0].points.reduce((s, p) => s + (p.y ?? 0), 0);
  close(share, 1, 'KV distribution shares');
});

test('balance: max ÷ mean per interval, averaged; stragglers', async () => {
  const b = await view('balance', { role: 'prefill' });
  close(value(b, 'imbalance.prefill.input'), 20 / 15, 'prefill input');
  close(value(b, 'imbalance.prefill.recv'), 20 / 15, 'prefill dispatch receive');
  // One sampled request per 10 minutes is far too few to tell GPUs apart: no data, with the sample size.
  assert.equal(b.figures['imbalance.prefill.attention'].value, null);
  assert.equal(b.figures['imbalance.prefill.attention'].absent, 'no data');
  assert.match(b.figures['imbalance.prefill.attention'].note ?? '', /^from 2 sampled requests in 2 ten-minute intervals; fewer than 20 per prefill GPU/);
  close(value(b, 'imbalance.decode.kv'), (3 * 1.5 + 3 * (300 / (500 / 3))) / 6, 'decode KV (e1 joins for 3 intervals)');
  close(value(b, 'imbalance.decode.running'), 1, 'running requests');
  assert.deepEqual(b.tables[0].rows.map((r) => [r.node, r.gpu]), [['p1', 1], ['p1', 0]]);
  close(b.tables[0].rows[0].meanRatio as number, 20 / 15, 'straggler ratio');
  const heat = b.charts.find((c) => c.id === 'heatmap')?.heatmap;
  assert.deepEqual(heat?.rows, ['p1/1', 'p1/0']);
  assert.equal(heat?.columns.length, 2);
});

test('experts: observed per-GPU loads against the EPLB placement', async () => {
  const e = await view('experts', { role: 'decode' });
  close(value(e, 'experts.tokens'), 6 * 500, 'layer tokens');
  close(value(e, 'experts.balancedness.observed'), 1500 / 2400, 'observed balancedness');
  close(value(e, 'experts.balancedness.eplb'), 1, 'EPLB balancedness');
  assert.deepEqual(e.tables.find((t) => t.id === 'hot-experts')?.rows.map((r) => [r.expert, r.replicas]), [[1, 3], [0, 1], [2, 1], [3, 1]]);
});

test('the overview agrees with the daily report for the same window', async () => {
  const o = await computeView('overview', rollupReader(db.pool), query({ window: { start: FLEET_T0, end: FLEET_T0 + 24 * HOUR } }), settings);
  const report = await computeDailyReport(db, { date: '2025-03-05', timeZone: 'UTC', dayStart: '00:00' });
  const at = (path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], report);
  for (const [name, f] of Object.entries(o.figures)) assert.equal(f.value, at(name), name);
  // p1 stays in prefill until its next event (all day): 48 + 2 priced GPU-hours at $2; e1 has no GPU type (unpriced).
  close(value(o, 'cost.total'), (48 + 2) * 2, 'cost');
});

test('every view reads the same figures from the raw rows as from the rollups', async () => {
  const windows = [
    query(),
    query({ window: { start: FLEET_T0 + 5 * MIN, end: FLEET_T0 + 95 * MIN }, step: '5m' }),
    query({ window: { start: FLEET_T0 - 2 * HOUR, end: FLEET_T0 + 22 * HOUR }, step: '1h', timeZone: 'Asia/Kolkata' }),
  ];
  for (const q of windows) {
    for (const name of VIEW_NAMES) {
      const [fromRollups, fromRaw] = await Promise.all([
        computeView(name, rollupReader(db.pool), q, settings),
        computeView(name, rawReader(db.pool), q, settings),
      ]);
      assert.deepEqual(roundDeep(fromRaw), roundDeep(fromRollups), `${name} over ${new Date(q.window.start).toISOString()}`);
    }
  }
});
