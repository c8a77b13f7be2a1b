import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { DEFAULT_PRICING } from '@/lib/finance/defaults';
import { gpuCost } from '@/lib/finance/rateCard';
import { actualRevenue, theoreticalRevenue } from '@/lib/finance/revenue';
import { ingestFile, type FileSummary } from '@/lib/ingest/ingest';
import type { CanonicalRecord } from '@/lib/ingest/records';
import { FLEET_STEP_MS, loadFleetData, type FleetData } from '@/lib/metrics/fleetData';
import type { CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import { tokenBuckets } from '@/lib/metrics/tokens';
import { computeDailyReport } from '@/lib/report/live';
import type { DailyReport } from '@/lib/report/types';
import { formatPricingFile } from '@/lib/settings/pricingFile';
import { loadPricing } from '@/lib/settings/pricingStore';
import { dayWindow } from '@/lib/time/day';
import { recordWriter, scrapeMapping, type OutputFormat } from './formats';
import { small } from './profiles/small';
import { simulate } from './simulate';
import { writeRecords, type WriteSummary } from './write';

/**
 * One simulated fleet, loaded twice through the real ingest: as canonical JSONL into one
 * database, and as what its exporters would send — Prometheus scrapes (SGLang, dcgm-exporter)
 * and OTLP GenAI spans, without any node event — into another. The day's report must be the
 * same: node time and cost from the node events the metrics imply, tokens from the counters'
 * increases, actual revenue from the spans.
 *
 * The `small` profile: 5 nodes (2 prefill, 3 decode) from 00:00 to 02:00 UTC on 2025-03-01, 3
 * of them lent out from 00:45 to 01:15; 10-second samples; 5% of the requests. The window ends
 * with each node going offline, which is what the metrics say too (their data stops there).
 */
const DAY = { date: '2025-03-01', timeZone: 'UTC', dayStart: '00:00' };
const SCALE = 0.05;

let dir: string;
let canonicalDb: TestDb;
let exportedDb: TestDb;
const written = new Map<OutputFormat, WriteSummary>();
const loaded = new Map<string, FileSummary>();
let canonical: DailyReport;
let exported: DailyReport;
let canonicalData: FleetData;
let exportedData: FleetData;

async function load(db: TestDb, file: string, options: { metricMapping?: { gpusPerNode: number } } = {}): Promise<void> {
  const summary = await ingestFile(db, path.join(dir, file), { channel: 'cli', ...options });
  assert.equal(summary.error, undefined, `${file}: ${summary.error}`);
  assert.deepEqual(summary.errors, [], `${file} rejected lines`);
  loaded.set(file, summary);
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fleetledger-formats-'));
  const records: CanonicalRecord[] = [...simulate(small, { seed: 1, scale: SCALE, offlineAtEnd: true })];
  for (const format of ['canonical', 'prometheus', 'otlp'] as const) {
    written.set(format, await writeRecords(records, path.join(dir, format), recordWriter(format, small, 10)));
  }
  [canonicalDb, exportedDb] = await Promise.all([createTestDb(), createTestDb()]);
  await Promise.all([
    load(canonicalDb, 'canonical'),
    (async () => {
      await load(exportedDb, 'prometheus', { metricMapping: scrapeMapping(small) });
      await load(exportedDb, 'otlp');
    })(),
  ]);
  const window = dayWindow(DAY.date, DAY.timeZone, DAY.dayStart);
  [canonical, exported, canonicalData, exportedData] = await Promise.all([
    computeDailyReport(canonicalDb, DAY),
    computeDailyReport(exportedDb, DAY),
    loadFleetData(canonicalDb.pool, window),
    loadFleetData(exportedDb.pool, window),
  ]);
});

after(async () => {
  await Promise.all([canonicalDb?.drop(), exportedDb?.drop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('each file holds its records and loads without a rejected line', () => {
  const w = (format: OutputFormat) => written.get(format)!;
  assert.deepEqual(w('canonical').records, { request: 10_874, gpu_sample: 24_480, node_event: 16, expert_load: 14_688 });
  assert.deepEqual(w('prometheus').records, { request: 0, gpu_sample: 24_480, node_event: 16, expert_load: 0 });
  assert.deepEqual(w('prometheus').leftOut, { request: 10_874, gpu_sample: 0, node_event: 0, expert_load: 14_688 });
  assert.deepEqual(w('otlp').records, { request: 10_874, gpu_sample: 0, node_event: 0, expert_load: 0 });
  const l = (file: string) => loaded.get(file)!;
  assert.deepEqual([l('canonical').format, l('canonical').accepted], ['jsonl', 10_874 + 24_480 + 16 + 14_688]);
  // Every GPU sample comes back (the zero scrape opening each serving stretch gives its first
  // interval), and so do the 16 node events, from the metrics alone.
  assert.deepEqual([l('prometheus').format, l('prometheus').accepted], ['prometheus-text', 24_480 + 16]);
  assert.deepEqual([l('otlp').format, l('otlp').accepted], ['otlp-json', 10_874]);
});

test('the metrics give the node events the simulator wrote: the same node intervals', () => {
  assert.deepEqual(exportedData.intervals, canonicalData.intervals);
  assert.equal(canonicalData.intervals.length, 16); // one per event, the offline ones at 02:00 included
});

test('nodes, GPU-hours and cost are the same, the cost exactly', () => {
  // 5 nodes × 1.5 h + 2 nodes × 0.5 h = 8.5 node-hours, 68 GPU-hours at $2 (DEFAULT_PRICING's H800 rate).
  for (const r of [canonical, exported]) {
    assert.deepEqual([r.nodes.avg, r.nodes.peak, r.nodes.nodeHours, r.nodes.gpuHours, r.nodes.source], [0.3542, 5, 8.5, 68, 'node_events']);
    assert.deepEqual([r.cost.total, r.cost.unpricedGpuHours], [136, 0]);
  }
  assert.deepEqual(exported.nodes, canonical.nodes);
  assert.deepEqual(exported.cost, canonical.cost);
  const exact = (data: FleetData) => gpuCost(data.intervals, DEFAULT_PRICING.rateCards, data.window).total.cost.toFixed(6);
  assert.equal(exact(canonicalData), '136.000000');
  assert.equal(exact(exportedData), exact(canonicalData));
});

test('tokens from the counters are the same: the counters\' increases add up to the samples\' counts', () => {
  // The small profile's exact totals (lib/simulate/profiles/small.ts).
  for (const r of [canonical, exported]) {
    assert.deepEqual(
      [r.tokens.source, r.tokens.counterCompleteness, r.tokens.input, r.tokens.cached, r.tokens.output, r.tokens.cacheHitRatio],
      ['counters', 1, 928_620_000, 522_348_750, 256_541_457, 0.5625],
    );
  }
  assert.deepEqual(exported.tokens, canonical.tokens);
});

test('the counters per minute and role are the same, but for the two the metrics do not carry', () => {
  const shared = (c: CounterTotals) => [
    c.at, c.role, c.inputTokens, c.cachedTokens, c.outputTokens, c.gpuSeconds, c.tokenSeconds, c.kvCacheTokensS, c.kvCacheCapacityS, c.runningRequestsS,
  ];
  assert.equal(canonicalData.counters.length, 2 * 120);
  assert.deepEqual(exportedData.counters.map(shared), canonicalData.counters.map(shared));
  // Requests: the simulator counts each request on both sides of its PD pair (entering prefill,
  // entering decode); from metrics only the decode rank's count is read, so the prefill side's
  // minutes carry none. Dispatch counts have no Prometheus metric.
  const requests = (data: FleetData, role: string) => data.counters.filter((c) => c.role === role).map((c) => c.requests);
  assert.deepEqual(requests(exportedData, 'decode'), requests(canonicalData, 'decode'));
  assert.deepEqual(requests(canonicalData, 'prefill'), requests(canonicalData, 'decode'));
  assert.ok(requests(exportedData, 'prefill').every((n) => n === 0));
  assert.ok(canonicalData.counters.every((c) => c.dispatchRecvTokens > 0));
  assert.ok(exportedData.counters.every((c) => c.dispatchRecvTokens === 0));
});

test('theoretical and actual revenue are the same, exactly', async () => {
  const pricing = await loadPricing(exportedDb);
  for (const db of [canonicalDb, exportedDb]) assert.equal(formatPricingFile(await loadPricing(db)), formatPricingFile(DEFAULT_PRICING));
  const theoretical = (data: FleetData) =>
    theoreticalRevenue(tokenBuckets('counters', data.counters, data.requests, FLEET_STEP_MS), pricing, data.window).total.revenue.toFixed(6);
  const actual = (data: FleetData) =>
    actualRevenue(data.requests.map((r) => ({ ...r, start: r.at, end: r.at + FLEET_STEP_MS })), pricing, data.window).total.revenue.toFixed(6);
  // 522.34875M cached × $0.14 + 406.27125M missed × $0.55 + 256.541457M output × $2.19, per million.
  assert.equal(theoretical(canonicalData), '858.403803');
  assert.equal(theoretical(exportedData), theoretical(canonicalData));
  assert.equal(actual(exportedData), actual(canonicalData));
  // Speed sums are sums of doubles, added in the order the ingest's batches met the rows
  // (the canonical file's batches also hold GPU samples): equal to the last bits but one.
  const aggregates = (data: FleetData) => data.requests.map((r) => ({ ...r, speedSum: r.speedSum.toFixed(6) }));
  assert.deepEqual(aggregates(exportedData), aggregates(canonicalData));
  assert.equal(canonical.revenue.theoretical, 858.4);
  assert.ok(canonical.revenue.actual > 0 && canonical.revenue.actual < canonical.revenue.theoretical);
  assert.deepEqual(exported.revenue, canonical.revenue);
  assert.deepEqual(exported.margin, canonical.margin);
  assert.deepEqual(exported.usage, canonical.usage);
});

test('the hourly rows are the same', () => {
  assert.equal(canonical.hourly.length, 24);
  assert.deepEqual(canonical.hourly.slice(0, 2).map((h) => [h.nodes, h.cost]), [[4.25, 68], [4.25, 68]]);
  assert.deepEqual(exported.hourly, canonical.hourly);
});

test('the whole report is the same', () => {
  assert.deepEqual(exported, canonical);
});
