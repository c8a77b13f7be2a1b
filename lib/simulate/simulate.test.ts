import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CanonicalRecord, GpuSampleRecord, NodeState, RequestRecord } from '@/lib/ingest/records';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { deepseek20250227 } from './profiles/deepseek-2025-02-27';
import { small } from './profiles/small';
import { recordToJsonLine } from './serialize';
import { simulate, type SimulateOptions } from './simulate';
import { writeJsonl } from './write';

const MIN = 60_000;
const run = (options: Partial<SimulateOptions> = {}) => [...simulate(small, { seed: 1, scale: 0.05, ...options })];
const full = run();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function sumBy<T>(items: T[], key: (item: T) => string, value: (item: T) => number = (i) => (i as { tokens: number }).tokens): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}
const ofType = <T extends CanonicalRecord['type']>(records: CanonicalRecord[], type: T) =>
  records.filter((r): r is Extract<CanonicalRecord, { type: T }> => r.type === type);

/** Each node's state over time, from its node_event records. */
function stateAt(records: CanonicalRecord[]): (node: string, at: number) => NodeState | undefined {
  const events = ofType(records, 'node_event');
  return (node, at) => events.filter((e) => e.node === node && e.ts <= at).at(-1)?.state;
}

test('the same seed writes the same lines; another seed other lines', () => {
  const lines = (records: CanonicalRecord[]) => records.map(recordToJsonLine);
  assert.deepEqual(lines(run()), lines(full));
  const other = run({ seed: 2 });
  assert.notDeepEqual(lines(other), lines(full));
  assert.equal(ofType(other, 'gpu_sample').length, ofType(full, 'gpu_sample').length);
  assert.deepEqual(ofType(other, 'node_event'), ofType(full, 'node_event'));
});

test('a sub-window reproduces the whole run inside it', () => {
  const window = { start: small.window.start + 40 * MIN, end: small.window.start + 80 * MIN };
  const part = run({ window });
  const inside = (r: CanonicalRecord) =>
    r.type === 'request' ? r.arrivedAt >= window.start && r.arrivedAt < window.end
      : r.type === 'gpu_sample' ? r.ts > window.start && r.ts <= window.end : false;
  const lines = (records: CanonicalRecord[]) => records.filter(inside).map(recordToJsonLine);
  assert.ok(lines(part).length > 1000);
  assert.deepEqual(lines(part), lines(full));
  // the written window opens with every node's state, and only whole expert_load intervals
  assert.equal(ofType(part, 'node_event').filter((e) => e.ts === window.start).length, 5);
  assert.ok(ofType(part, 'expert_load').every((e) => e.ts - e.intervalS * 1000 >= window.start && e.ts <= window.end));
});

test('nodes follow the profile: 5 serving, 2 from 00:45 to 01:15, the others lent to `other` and back', () => {
  const at = stateAt(full);
  const serving = (t: number) => ['node-001', 'node-002', 'node-003', 'node-004', 'node-005'].filter((n) => at(n, t) !== 'other');
  assert.deepEqual(serving(small.window.start).map((n) => at(n, small.window.start)), ['decode', 'decode', 'decode', 'prefill', 'prefill']);
  assert.equal(serving(small.window.start + 45 * MIN).length, 2);
  assert.equal(serving(small.window.start + 75 * MIN).length, 5);
  assert.ok(ofType(full, 'node_event').every((e) => e.gpuType === 'H800' && e.gpuCount === 8));
});

test('counters are complete: every GPU of every serving node reports every tick, in its role', () => {
  const at = stateAt(full);
  const samples = ofType(full, 'gpu_sample');
  const byTs = new Map<number, GpuSampleRecord[]>();
  for (const s of samples) byTs.set(s.ts, [...(byTs.get(s.ts) ?? []), s]);
  assert.equal(byTs.size, 720);
  for (const [ts, tick] of byTs) {
    const nodes = new Set(tick.map((s) => s.node));
    const expected = ['node-001', 'node-002', 'node-003', 'node-004', 'node-005'].filter((n) => at(n, ts - 10_000) !== 'other');
    assert.deepEqual([...nodes].sort(), expected);
    assert.equal(tick.length, expected.length * 8);
    for (const s of tick) {
      assert.equal(s.role, at(s.node, ts - 10_000));
      assert.ok(s.cachedTokens! <= s.inputTokens! && s.kvCacheTokens! <= s.kvCacheCapacity! && s.utilPct! <= 100);
      assert.equal(s.role === 'prefill' ? s.outputTokens : s.inputTokens, 0);
    }
  }
});

test('sampled requests are consistent: weights, time order, cache hits, placement on nodes serving that role', () => {
  const at = stateAt(full);
  const requests = ofType(full, 'request');
  assert.ok(requests.length > 5000);
  for (const r of requests) {
    assert.equal(r.sampleWeight, 20);
    assert.ok(r.arrivedAt <= r.prefillStartedAt! && r.prefillStartedAt! < r.firstTokenAt! && r.firstTokenAt! <= r.finishedAt!);
    assert.ok(r.cachedTokens < r.inputTokens && r.outputTokens >= 1);
    assert.equal(at(r.prefillNode!, r.arrivedAt), 'prefill');
    assert.equal(at(r.decodeNode!, r.arrivedAt), 'decode');
    assert.ok(['deepseek-r1', 'deepseek-v3'].includes(r.model!) && ['api', 'web', 'app'].includes(r.source!));
  }
  assert.equal(new Set(requests.map((r) => r.requestId)).size, requests.length);
  const share = (pred: (r: RequestRecord) => boolean) => requests.filter(pred).length / requests.length;
  assert.ok(Math.abs(share((r) => r.model === 'deepseek-r1') - 0.45) < 0.01);
  assert.ok(share((r) => r.cachedTokens === 0) > 0.2 && share((r) => r.cachedTokens === 0) < 0.3);
});

test('expert loads add up: 8 routed copies per computed token, the shared expert sees each GPU its own tokens', () => {
  const loads = ofType(full, 'expert_load');
  const keys = new Set(loads.map((e) => `${e.ts}|${e.phase}|${e.layer}|${e.expert}|${e.node}|${e.gpu}`));
  assert.equal(keys.size, loads.length);
  const computed = new Map<string, number>();
  for (const s of ofType(full, 'gpu_sample')) {
    const key = `${Math.ceil(s.ts / 600_000) * 600_000}|${s.node}|${s.gpu}`;
    computed.set(key, (computed.get(key) ?? 0) + (s.role === 'prefill' ? s.inputTokens! - s.cachedTokens! : s.outputTokens!));
  }
  const routed = new Map<string, number>();
  for (const e of loads) {
    if (e.expert === 256) assert.equal(e.tokens, computed.get(`${e.ts}|${e.node}|${e.gpu}`));
    else routed.set(`${e.ts}|${e.phase}`, (routed.get(`${e.ts}|${e.phase}`) ?? 0) + e.tokens);
  }
  for (const [key, tokens] of routed) {
    const [ts, phase] = key.split('|');
    const shared = loads.filter((e) => e.expert === 256 && String(e.ts) === ts && e.phase === phase).reduce((a, e) => a + e.tokens, 0);
    assert.equal(tokens, 8 * shared);
  }
  assert.equal(new Set(loads.map((e) => e.ts)).size, 12);
});

test('expert loads of the reference fleet show replicated hot experts and a few straggler GPUs', () => {
  const window = { start: deepseek20250227.window.start, end: deepseek20250227.window.start + 10 * MIN };
  const loads = ofType([...simulate(deepseek20250227, { seed: 1, scale: 0.001, window })], 'expert_load').filter((e) => e.expert < 256);
  assert.deepEqual([...new Set(loads.map((e) => e.layer))].sort((a, b) => a - b), [0, 29, 57]);
  for (const phase of ['prefill', 'decode'] as const) {
    for (const layer of [0, 29, 57]) {
      const here = loads.filter((e) => e.phase === phase && e.layer === layer);
      const perExpert = sumBy(here, (e) => String(e.expert));
      const perGpu = [...sumBy(here, (e) => `${e.node}/${e.gpu}`).values()];
      const hosts = (expert: string) => here.filter((e) => String(e.expert) === expert).length;
      const hottest = [...perExpert].sort((a, b) => b[1] - a[1])[0][0];
      const coldest = [...perExpert].sort((a, b) => a[1] - b[1])[0][0];
      assert.equal(perExpert.size, 256);
      assert.ok(perExpert.get(hottest)! > 3 * mean([...perExpert.values()]), `${phase} layer ${layer}: no hot expert`);
      assert.ok(hosts(hottest) > hosts(coldest), `${phase} layer ${layer}: the hottest expert is not replicated`);
      // EP32 spreads 9 experts per GPU, so prefill stays near balance; EP144 (2 per GPU) has outliers
      const imbalance = Math.max(...perGpu) / mean(perGpu);
      const stragglers = perGpu.filter((t) => t > 1.2 * mean(perGpu)).length;
      if (phase === 'prefill') assert.ok(imbalance > 1.03 && imbalance < 1.3, `prefill layer ${layer}: max/mean ${imbalance}`);
      else assert.ok(stragglers >= 1 && stragglers <= perGpu.length * 0.02, `decode layer ${layer}: ${stragglers} stragglers of ${perGpu.length}`);
    }
  }
});

test('writes JSONL, gzip-compressed for .gz, with backpressure-driven streaming', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'simulate-'));
  try {
    const window = { start: small.window.start, end: small.window.start + 10 * MIN };
    const expected = run({ window }).map((r) => `${recordToJsonLine(r)}\n`).join('');
    const plain = await writeJsonl(simulate(small, { seed: 1, scale: 0.05, window }), path.join(dir, 'a.jsonl'));
    const gz = await writeJsonl(simulate(small, { seed: 1, scale: 0.05, window }), path.join(dir, 'a.jsonl.gz'));
    assert.equal(readFileSync(path.join(dir, 'a.jsonl'), 'utf8'), expected);
    assert.equal(gunzipSync(readFileSync(path.join(dir, 'a.jsonl.gz'))).toString('utf8'), expected);
    assert.equal(plain.bytes, Buffer.byteLength(expected));
    assert.deepEqual(gz, plain);
    assert.equal(plain.records.gpu_sample, 60 * 40);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('5-minute samples: every serving GPU once per interval, carrying the 10-s samples\' counts; requests and node events unchanged', () => {
  const coarse = run({ sampleIntervalS: 300 });
  const samples = ofType(coarse, 'gpu_sample');
  assert.equal(samples.length * 30, ofType(full, 'gpu_sample').length);
  assert.ok(samples.every((s) => s.intervalS === 300 && s.ts % 300_000 === 0));
  const at = stateAt(coarse);
  for (const s of samples) assert.equal(s.role, at(s.node, s.ts - 300_000));
  const interval = (s: GpuSampleRecord) => `${s.role}|${Math.ceil(s.ts / 300_000)}`;
  for (const counter of ['inputTokens', 'cachedTokens', 'outputTokens', 'requests', 'dispatchSendTokens'] as const) {
    const value = (s: GpuSampleRecord) => s[counter] ?? 0;
    assert.deepEqual(sumBy(samples, interval, value), sumBy(ofType(full, 'gpu_sample'), interval, value), counter);
  }
  const decodeKv = (records: CanonicalRecord[]) => mean(ofType(records, 'gpu_sample').filter((s) => s.role === 'decode').map((s) => s.kvCacheTokens!));
  assert.ok(Math.abs(decodeKv(coarse) / decodeKv(full) - 1) < 0.01, 'decode KV-cache gauge at the level of 10-s samples');
  assert.deepEqual(ofType(coarse, 'request'), ofType(full, 'request'));
  assert.deepEqual(ofType(coarse, 'node_event'), ofType(full, 'node_event'));
});

test('refuses a sample interval that is not whole ticks, or straddles a node step, an expert_load interval or the window edge', () => {
  assert.throws(() => run({ sampleIntervalS: 15 }), /multiple of 10/);
  assert.throws(() => run({ sampleIntervalS: 1800 }), /steps/); // small steps at 00:45
  assert.throws(() => run({ sampleIntervalS: 450 }), /expert_load/); // 450 divides 45 min, not 10 min
  assert.doesNotThrow(() => [...simulate({ ...small, expertLayers: [] }, { seed: 1, scale: 0.05, sampleIntervalS: 900 })]);
  assert.throws(() => run({ sampleIntervalS: 300, window: { start: small.window.start + MIN, end: small.window.end } }), /boundary/);
});

test('refuses a bad scale, seed or window', () => {
  assert.throws(() => run({ scale: 0 }), /scale/);
  assert.throws(() => run({ seed: 1.5 }), /seed/);
  assert.throws(() => run({ window: { start: small.window.start - MIN, end: small.window.end } }), /inside/);
  assert.throws(() => run({ window: { start: small.window.start + 5_000, end: small.window.end } }), /tick/);
});

test('the canonical JSONL importer reads the lines back as the same records', () => {
  const records = run({ window: { start: small.window.start, end: small.window.start + 20 * MIN } });
  const text = records.map((r) => `${recordToJsonLine(r)}\n`).join('');
  assert.ok(canonicalJsonl.detect(text.slice(0, 4096)));
  const parser = canonicalJsonl.create({ now: Date.now(), maxLineBytes: 1 << 20 });
  const head = parser.push(Buffer.from(text));
  const tail = parser.end();
  assert.deepEqual([...head.errors, ...tail.errors], []);
  assert.deepEqual([...head.records, ...tail.records], records);
});

test('offlineAtEnd closes the window with an offline event per node, after every other record', () => {
  const closed = run({ offlineAtEnd: true });
  const extra = closed.slice(full.length);
  assert.deepEqual(closed.slice(0, full.length), full);
  const nodes = new Set(ofType(full, 'node_event').map((e) => e.node));
  assert.equal(extra.length, nodes.size);
  assert.ok(ofType(extra, 'node_event').every((e) => e.state === 'offline' && e.ts === small.window.end && nodes.has(e.node)));
});
