import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FormatError } from '@/lib/ingest/format';
import { detectFormat } from '@/lib/ingest/formats';
import { prometheusApi } from '@/lib/ingest/formats/prometheus-api';
import { prometheusText } from '@/lib/ingest/formats/prometheus-text';
import { parseText } from '@/lib/ingest/parse-testing';
import type { GpuSampleRecord, NodeEventRecord } from '@/lib/ingest/records';
import { fixture } from '@/lib/testing/fixtures';
import { resolveMapping } from './mapping';

const T0 = Date.parse('2025-02-27T04:00:00Z');
const read = (...parts: string[]) => readFileSync(fixture('prometheus', ...parts), 'utf8');

/**
 * A scrape's sample lines with a text-format timestamp (ms) appended, and a `node` label added
 * when given (as a Prometheus relabelling would); `value` may rewrite each value.
 */
function stamped(text: string, ts: number, options: { node?: string; value?: (name: string, v: string) => string } = {}): string {
  const value = options.value ?? ((_, v) => v);
  return text
    .split('\n')
    .map((line) => {
      if (!line.trim() || line.startsWith('#') || line.trim() === '...') return line.trim() === '...' ? '' : line;
      const cut = line.lastIndexOf(' ');
      const nameEnd = line.search(/[{ ]/);
      const name = line.slice(0, nameEnd);
      let series = line.slice(0, cut);
      if (options.node) series = line[nameEnd] === '{' ? `${name}{node="${options.node}",${series.slice(nameEnd + 1)}` : `${name}{node="${options.node}"}`;
      return `${series} ${value(name, line.slice(cut + 1))} ${ts}`;
    })
    .join('\n');
}

const samples = (records: { type: string }[]) => records.filter((r): r is GpuSampleRecord => r.type === 'gpu_sample');

test("NVIDIA aicr's dcgm-exporter scrape, twice 30 s apart: one row per GPU with its power, in the role its node events give", () => {
  const scrape = read('nvidia_aicr', 'h100_dcgm_scrape_sampled.prom');
  const text = `${stamped(scrape, T0)}\n${stamped(scrape, T0 + 30_000)}\n`;
  assert.equal(detectFormat(text)?.name, 'prometheus-text');
  const out = parseText(prometheusText, text, { nodeRole: (node) => (node === 'gpu-node-1' ? 'decode' : null) }, 997);
  const rows = samples(out.records).sort((a, b) => a.gpu - b.gpu);
  assert.equal(out.errors.length, 0);
  assert.deepEqual(rows.map((r) => [r.node, r.gpu, r.role, r.intervalS, r.inputTokens]), Array.from({ length: 8 }, (_, g) => ['gpu-node-1', g, 'decode', 30, null]));
  // Independently: grep POWER_USAGE in the fixture gives these eight values, GPU 0 first.
  assert.deepEqual(rows.map((r) => r.powerW), [113.611, 68.347, 65.709, 67.316, 68.717, 65.742, 67.328, 66.997]);
  assert.deepEqual([...new Set(rows.map((r) => r.utilPct))], [0]);
  // Its node events are stored ones: the metrics add none.
  assert.equal(out.records.filter((r) => r.type === 'node_event').length, 0);
  const unused = out.notices?.filter((n) => n.kind === 'unused_metric').map((n) => n.metric).sort();
  assert.deepEqual(unused, ['DCGM_FI_DEV_GPU_TEMP', 'DCGM_FI_DEV_MEM_COPY_UTIL']);
});

test('the same scrape without node events: every GPU is listed as not placed, with the reason', () => {
  const scrape = read('nvidia_aicr', 'h100_dcgm_scrape_sampled.prom');
  const out = parseText(prometheusText, `${stamped(scrape, T0)}\n${stamped(scrape, T0 + 30_000)}\n`);
  assert.equal(samples(out.records).length, 0);
  const unplaced = out.notices?.find((n) => n.kind === 'unplaced_series');
  assert.match(unplaced?.reason ?? '', /no role/);
  assert.equal(unplaced?.series, 1);
});

test("Datadog's vLLM scrape as the second of two: tokens split by source, KV capacity from the cache config, the V0 usage gauge outranked", () => {
  const scrape = read('datadog_integrations_core', 'vllm_metrics.txt');
  const zero = (name: string, v: string) => (name.endsWith('_total') ? '0' : v);
  const text = `${stamped(scrape, T0, { node: 'vllm-0', value: zero })}\n${stamped(scrape, T0 + 15_000, { node: 'vllm-0' })}\n`;
  // The fixture names no role: the mapping says the engine serves both phases.
  const mapping = resolveMapping({ defaultRole: 'both' });
  const out = parseText(prometheusText, text, { metricMapping: mapping }, 4096);
  assert.deepEqual(out.errors, []);
  const rows = samples(out.records);
  assert.equal(rows.length, 1);
  const [row] = rows;
  // Independently, from the fixture's lines: prompt_tokens_by_source local_compute 53 + local_cache_hit 64,
  // generation_tokens 7, request_success 1, cache_config_info num_gpu_blocks 7281 × block_size 16.
  assert.deepEqual(
    [row.node, row.role, row.intervalS, row.inputTokens, row.cachedTokens, row.outputTokens, row.requests, row.kvCacheCapacity, row.kvCacheTokens, row.runningRequests],
    ['vllm-0', 'decode', 15, 117, 64, 7, 1, 116_496, 0, 0],
  );
  const events = out.records.filter((r): r is NodeEventRecord => r.type === 'node_event');
  assert.deepEqual(events.map((e) => [e.ts - T0, e.state, e.gpuCount]), [[0, 'decode', 1], [15_000, 'offline', 1]]);
});

test('a scrape without timestamps needs its scrape time: refused as a whole, read with it', () => {
  const scrape = read('datadog_integrations_core', 'sglang_metrics.txt');
  assert.throws(() => parseText(prometheusText, scrape), (e: Error) => e instanceof FormatError && /--scrape-time/.test(e.message));
  const out = parseText(prometheusText, scrape, { scrapeTime: T0 });
  assert.equal(out.errors.length, 0);
  // Its series name no node (and one scrape alone would only start the counters): the notices say so.
  assert.equal(samples(out.records).length, 0);
  assert.ok(out.notices?.some((n) => n.kind === 'unplaced_series' && n.metric === 'sglang:prompt_tokens_total' && /no node label/.test(n.reason)));
  const placed = parseText(prometheusText, scrape, { scrapeTime: T0, metricMapping: resolveMapping({ node: ['model_name'], defaultRole: 'both' }) });
  assert.ok(placed.notices?.some((n) => n.metric === 'sglang:prompt_tokens_total' && /first sample/.test(n.reason)));
});

test("Prometheus API results (aicr's query of DCGM power for two nodes): series by series, read whole", () => {
  const body = read('nvidia_aicr', 'h100_promql_DCGM_FI_DEV_POWER_USAGE.json');
  assert.equal(detectFormat(body)?.name, 'prometheus-api');
  const out = parseText(prometheusApi, body, { nodeRole: () => 'prefill', now: Date.parse('2026-12-01T00:00:00Z') }, 512);
  assert.deepEqual(out.errors, []);
  // A vector is one instant: it starts each GPU's interval and gives no rows of its own.
  assert.equal(samples(out.records).length, 0);
  assert.ok(out.notices?.some((n) => n.metric === 'first timestamp' && n.series === 16));
});
