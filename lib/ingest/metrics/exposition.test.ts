import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createExpositionParser, detectExposition, type ExpositionParser } from '@/lib/ingest/metrics/exposition';
import { cutAt, outputView, parseFile, parsePieces, piecesOf, randomCutSets, seriesObjects, type Parsed } from '@/lib/ingest/metrics/metric-testing';
import type { MetricSample } from '@/lib/ingest/metrics/types';
import { fixture, FIXTURES_DIR } from '@/lib/testing/fixtures';

const make = () => createExpositionParser({ maxLineBytes: 1024 * 1024 });
const REPO = path.dirname(FIXTURES_DIR);
const at = (...parts: string[]) => fixture('prometheus', ...parts);
const valueOf = (out: Parsed, key: string): number | undefined => out.samples.find((s) => s.series.key === key)?.value;
const sum = (samples: MetricSample[]) => samples.reduce((total, s) => total + s.value, 0);
const named = (out: Parsed, name: string) => out.samples.filter((s) => s.series.name === name);

interface Expected {
  file: string;
  /** Non-blank lines, samples, distinct series and families: fixtures/prometheus/<source>/PROVENANCE.md, by awk. */
  lines: number;
  samples: number;
  series: number;
  families: number;
  /** Line numbers of the lines refused (the documents' `...` elisions). */
  refused: number[];
}

const FILES: Expected[] = [
  { file: 'dcgm_exporter/upstream_readme_quickstart_sample.prom', lines: 11, samples: 3, series: 3, families: 3, refused: [7, 11] },
  { file: 'nvidia_aicr/h100_dcgm_scrape_sampled.prom', lines: 30, samples: 30, series: 30, families: 4, refused: [] },
  { file: 'sglang/production_metrics_doc_sample.prom', lines: 115, samples: 91, series: 91, families: 12, refused: [] },
  { file: 'vllm/design_metrics_doc_example.prom', lines: 25, samples: 14, series: 14, families: 4, refused: [4, 8, 14] },
  { file: 'vllm/usage_metrics_doc_example.prom', lines: 12, samples: 9, series: 9, families: 1, refused: [12] },
  { file: 'vllm/design_metrics_http_example.prom', lines: 5, samples: 5, series: 5, families: 5, refused: [] },
  { file: 'vllm/design_metrics_cache_config_info_example.prom', lines: 3, samples: 0, series: 0, families: 0, refused: [3] },
  { file: 'datadog_integrations_core/sglang_metrics.txt', lines: 95, samples: 43, series: 43, families: 25, refused: [] },
  { file: 'datadog_integrations_core/vllm_metrics.txt', lines: 285, samples: 185, series: 185, families: 50, refused: [] },
];

for (const expected of FILES) {
  test(`${expected.file}: the samples, series and families of PROVENANCE.md, the same however it is cut`, () => {
    const bytes = readFileSync(at(expected.file));
    const whole = parseFile(make, at(expected.file), 4093);
    assert.equal(whole.lines, expected.lines);
    assert.equal(whole.samples.length, expected.samples);
    assert.equal(seriesObjects(whole).size, expected.series);
    assert.equal(new Set(whole.samples.map((s) => s.series.family)).size, expected.families);
    assert.deepEqual(whole.errors.map((e) => e.line), expected.refused);
    assert.ok(whole.samples.every((s) => s.ts === null), 'scrapes without timestamps');
    assert.ok(detectExposition(bytes.toString('utf8', 0, 65_536)), 'detected as an exposition');

    const view = outputView(whole);
    assert.deepEqual(outputView(parsePieces(make, piecesOf(bytes, 1))), view, 'one byte at a time');
    const cutSets = bytes.length <= 2048 ? Array.from({ length: bytes.length + 1 }, (_, i) => [i]) : randomCutSets(bytes.length, 60, 7);
    for (const cuts of cutSets) assert.deepEqual(outputView(parsePieces(make, cutAt(bytes, cuts))), view, `cut at ${cuts.join(', ')}`);
  });
}

test('dcgm-exporter README: the DCGM blank sentinel reads as the float Go reads it, the elisions as bad lines', () => {
  const out = parseFile(make, at('dcgm_exporter/upstream_readme_quickstart_sample.prom'));
  const uuid = 'GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52';
  assert.equal(valueOf(out, `DCGM_FI_DEV_SM_CLOCK{UUID="${uuid}",gpu="0"}`), 139);
  // 9223372036854775794 is nearer 2^63 than any other double, in Go as in JavaScript.
  assert.equal(valueOf(out, `DCGM_FI_DEV_MEMORY_TEMP{UUID="${uuid}",gpu="0"}`), 2 ** 63);
  assert.deepEqual(out.samples[0].series.labels, { gpu: '0', UUID: uuid });
  assert.equal(out.samples[0].series.type, 'gauge');
  assert.deepEqual(out.errors[0], { line: 7, field: null, message: 'expected a metric name, got "..."', excerpt: '...' });
  assert.equal(out.parser.metadata.get('DCGM_FI_DEV_MEM_CLOCK')?.help, 'Memory clock frequency (in MHz).');
});

test('NVIDIA H100 scrape: per-GPU power and the workload labels on GPU 0', () => {
  const out = parseFile(make, at('nvidia_aicr/h100_dcgm_scrape_sampled.prom'));
  const power = named(out, 'DCGM_FI_DEV_POWER_USAGE');
  assert.deepEqual(power.map((s) => s.value), [113.611, 68.347, 65.709, 67.316, 68.717, 65.742, 67.328, 66.997]);
  assert.equal(Math.round(sum(power) * 1000), 583_767);
  assert.equal(Math.max(...named(out, 'DCGM_FI_DEV_GPU_TEMP').map((s) => s.value)), 30);
  assert.equal(sum(named(out, 'DCGM_FI_DEV_GPU_UTIL')), 0);
  const withPod = out.samples.filter((s) => 'pod' in s.series.labels);
  assert.equal(withPod.length, 4);
  assert.ok(withPod.every((s) => s.series.labels.gpu === '0' && s.series.labels.pod_uid === ''));
  assert.ok(out.samples.every((s) => s.series.type === 'unknown' && s.series.family === s.series.name), 'no TYPE lines');
});

test('SGLang docs sample: counters, gauges and histograms with _sum before _bucket', () => {
  const out = parseFile(make, at('sglang/production_metrics_doc_sample.prom'));
  const model = 'model_name="meta-llama/Llama-3.1-8B-Instruct"';
  assert.equal(valueOf(out, `sglang:prompt_tokens_total{${model}}`), 8_128_902);
  assert.equal(valueOf(out, `sglang:generation_tokens_total{${model}}`), 7_557_572);
  assert.equal(valueOf(out, `sglang:cache_hit_rate{${model}}`), 0.007507552643049313);
  assert.equal(valueOf(out, `sglang:time_to_first_token_seconds_sum{${model}}`), 2351897.9474117756);
  assert.equal(valueOf(out, `sglang:time_to_first_token_seconds_bucket{le="+Inf",${model}}`), 11_008);
  assert.equal(valueOf(out, `sglang:time_to_first_token_seconds_count{${model}}`), 11_008);
  const ttft = out.samples.filter((s) => s.series.family === 'sglang:time_to_first_token_seconds');
  assert.equal(ttft.length, 23);
  assert.ok(ttft.every((s) => s.series.type === 'histogram'));
  const prompt = out.samples.find((s) => s.series.name === 'sglang:prompt_tokens_total');
  assert.deepEqual([prompt?.series.type, prompt?.series.family], ['counter', 'sglang:prompt_tokens']);
});

test('vLLM docs examples: counters, the TTFT histogram and the http metrics without TYPE', () => {
  const design = parseFile(make, at('vllm/design_metrics_doc_example.prom'));
  const model = 'model_name="meta-llama/Llama-3.1-8B-Instruct"';
  assert.equal(valueOf(design, `vllm:generation_tokens_total{${model}}`), 27_453);
  assert.equal(sum(named(design, 'vllm:request_success_total')), 132);
  assert.deepEqual(named(design, 'vllm:time_to_first_token_seconds_bucket').map((s) => s.value), [0, 0, 0, 13, 97, 123, 138, 140]);
  assert.equal(valueOf(design, `vllm:time_to_first_token_seconds_count{${model}}`), 140);

  const usage = parseFile(make, at('vllm/usage_metrics_doc_example.prom'));
  assert.deepEqual(usage.samples.map((s) => s.value), [0, 3, 3, 3, 3, 3, 3, 3, 3]);
  assert.ok(usage.samples.every((s) => s.series.type === 'histogram' && s.series.family === 'vllm:iteration_tokens_total'));

  const http = parseFile(make, at('vllm/design_metrics_http_example.prom'));
  assert.deepEqual(http.samples.map((s) => s.value), [201, 201, 201, 201, 201]);
  assert.equal(http.samples[3].series.key, 'http_request_duration_highr_seconds_count');

  const info = parseFile(make, at('vllm/design_metrics_cache_config_info_example.prom'));
  assert.equal(info.errors[0].field, 'vllm:cache_config_info');
  assert.match(info.errors[0].message, /^expected a label name, got "\.\.\.} 1\.0"$/);
});

test('DataDog SGLang and vLLM fixtures: prefix-cache counters, histograms in _bucket/_count/_sum order, no final newline', () => {
  const sglang = parseFile(make, at('datadog_integrations_core/sglang_metrics.txt'));
  const sg = 'model_name="facebook/opt-125m",tp_rank="0"';
  assert.equal(valueOf(sglang, `sglang:prompt_tokens_total{${sg}}`), 5);
  assert.equal(valueOf(sglang, `sglang:cached_tokens_total{${sg}}`), 1);
  assert.equal(valueOf(sglang, `sglang:cache_hit_rate{${sg}}`), 0.2);
  assert.equal(valueOf(sglang, 'sglang:inter_token_latency_seconds_count{model_name="facebook/opt-125m"}'), 31);

  const vllm = parseFile(make, at('datadog_integrations_core/vllm_metrics.txt'));
  const vm = 'model_name="facebook/opt-125m"';
  assert.equal(valueOf(vllm, `vllm:prefix_cache_hits_total{${vm}}`), 64);
  assert.equal(valueOf(vllm, `vllm:prefix_cache_queries_total{${vm}}`), 117);
  assert.equal(valueOf(vllm, 'process_start_time_seconds'), 1.7181405583e9);
  assert.equal(valueOf(vllm, `vllm:request_prefill_kv_computed_tokens_sum{${vm}}`), 53, 'the last line, with no newline');
  assert.equal(vllm.samples.at(-1)?.line, 285);
  const bySource = vllm.samples.filter((s) => s.series.name === 'vllm:prompt_tokens_by_source_total');
  assert.equal(sum(bySource), 117);
  assert.deepEqual(new Set(bySource.map((s) => s.series.family)), new Set(['vllm:prompt_tokens_by_source']));
  const iteration = vllm.samples.filter((s) => s.series.family === 'vllm:iteration_tokens_total');
  assert.equal(valueOf(vllm, `vllm:iteration_tokens_total_count{${vm}}`), 71);
  assert.ok(iteration.length > 2 && iteration.every((s) => s.series.type === 'histogram'));
});

test('detection: every exposition fixture, none of the other formats, no JSON', () => {
  const head = (path: string) => readFileSync(path).toString('utf8', 0, 65_536);
  for (const { file } of FILES) assert.ok(detectExposition(head(at(file))), file);
  const others = [
    'docs/examples/expert_load.jsonl',
    'docs/examples/gpu_samples.csv',
    'docs/examples/node_events.csv',
    'docs/examples/requests.csv',
    'docs/examples/requests.jsonl',
    'fixtures/azure_llm_inference/AzureLLMInferenceTrace_code_first2000.csv',
    'fixtures/burstgpt/readme_example_3rows.csv',
    'fixtures/deepseek_eplb/readme_example.json',
    'fixtures/mooncake/conversation_trace_first800.jsonl',
    ...['FB_USED', 'GPU_TEMP', 'GPU_UTIL', 'POWER_USAGE'].map((m) => `fixtures/prometheus/nvidia_aicr/h100_promql_DCGM_FI_DEV_${m}.json`),
  ];
  for (const file of others) assert.equal(detectExposition(head(path.join(REPO, file))), false, file);
  for (const text of ['', '\n\n', 'hello world\n', '# just a comment\n', 'name,value\nx,1\n', 'gpu\tutil\n0\t71.5\n', '[1, 2]\n'])
    assert.equal(detectExposition(text), false, JSON.stringify(text));
  assert.ok(detectExposition('\uFEFFup 1\r\n'));
  assert.ok(detectExposition('# HELP x help\n# TYPE x gauge\nx{a="1"} 2'), 'a head cut inside its last line');
});

test('a parser reports whether it reads OpenMetrics once it can tell', () => {
  const parser: ExpositionParser = make();
  parser.push(Buffer.from('x 1\n'));
  assert.equal(parser.openMetrics, null);
  parser.push(Buffer.from('x 1 1740628800.5\n'));
  assert.equal(parser.openMetrics, true);
});

test('a sample whose label value is not UTF-8 is rejected naming the label, rather than making a new node', () => {
  const bytes = Buffer.from('DCGM_FI_DEV_GPU_UTIL{gpu="0",Hostname="d-00X"} 71\n# HELP DCGM_FI_DEV_GPU_UTIL util \u00e9\nDCGM_FI_DEV_GPU_UTIL{gpu="1",Hostname="d-001"} 12\n');
  bytes[bytes.indexOf('00X') + 2] = 0xff;
  for (const size of [bytes.length, 1, 5]) {
    const out = parsePieces(make, piecesOf(bytes, size));
    assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [[1, 'Hostname', 'Hostname is not valid UTF-8']], `chunks of ${size}`);
    assert.deepEqual(out.samples.map((s) => s.series.key), [out.samples[0].series.key]);
    assert.match(out.samples[0].series.key, /d-001/);
  }
});
