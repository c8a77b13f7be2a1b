import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cutAt, outputView, parseFile, parsePieces, parseText, piecesOf, randomCutSets, seriesObjects } from '@/lib/ingest/metrics/metric-testing';
import { createPromApiParser, detectPromApi } from '@/lib/ingest/metrics/promApi';
import { fixture, FIXTURES_DIR } from '@/lib/testing/fixtures';

const make = createPromApiParser;
const at = (file: string) => fixture('prometheus', 'nvidia_aicr', file);
const REPO = path.dirname(FIXTURES_DIR);
const T0 = Date.UTC(2025, 1, 27, 4);

// Ground truth from fixtures/prometheus/nvidia_aicr/PROVENANCE.md (jq), not from this parser.
const FILES = [
  { metric: 'DCGM_FI_DEV_GPU_UTIL', sum: 0, ts: 1773114089184 },
  { metric: 'DCGM_FI_DEV_FB_USED', sum: 74_166, ts: 1773114089444 },
  { metric: 'DCGM_FI_DEV_GPU_TEMP', sum: 448, ts: 1773114089702 },
  { metric: 'DCGM_FI_DEV_POWER_USAGE', sum: 1129.212, ts: 1773114089943 },
];
/** The line where each of the 16 series opens (`grep -n '^      {'`). */
const SERIES_LINES = Array.from({ length: 16 }, (_, i) => 6 + 23 * i);

for (const { metric, sum, ts } of FILES) {
  const file = `h100_promql_${metric}.json`;
  test(`${file}: 16 series of 2 hosts × 8 GPUs at one exact millisecond, the same however it is cut`, () => {
    const bytes = readFileSync(at(file));
    const out = parseFile(make, at(file), 1000);
    assert.deepEqual(out.errors, []);
    assert.equal(out.lines, 376);
    assert.equal(out.samples.length, 16);
    assert.equal(seriesObjects(out).size, 16);
    assert.equal(Math.round(out.samples.reduce((total, s) => total + s.value, 0) * 1000), Math.round(sum * 1000));
    assert.ok(out.samples.every((s) => s.ts === ts && s.series.name === metric && s.series.type === 'unknown' && s.series.family === metric));
    assert.deepEqual(out.samples.map((s) => s.line), SERIES_LINES);
    assert.deepEqual(new Set(out.samples.map((s) => s.series.labels.Hostname)), new Set(['gpu-node-1', 'gpu-node-2']));
    assert.ok(detectPromApi(bytes.toString('utf8', 0, 65_536)));

    const view = outputView(out);
    assert.deepEqual(outputView(parsePieces(make, piecesOf(bytes, 1))), view, 'one byte at a time');
    for (const cuts of randomCutSets(bytes.length, 40, 5)) assert.deepEqual(outputView(parsePieces(make, cutAt(bytes, cuts))), view, `cut at ${cuts.join(', ')}`);
  });
}

test('FB_USED: the vLLM decode worker on gpu-node-1 GPU 0 holds all 74,166 MiB, under the workload labels', () => {
  const out = parseFile(make, at('h100_promql_DCGM_FI_DEV_FB_USED.json'));
  const used = out.samples.filter((s) => s.value > 0);
  assert.equal(used.length, 1);
  assert.equal(used[0].value, 74_166);
  assert.deepEqual(used[0].series.labels, {
    DCGM_FI_DRIVER_VERSION: '580.105.08',
    Hostname: 'gpu-node-1',
    UUID: 'GPU-c4529c8d-69c4-b61d-e0bc-7b2460096005',
    container: 'main',
    device: 'nvidia0',
    endpoint: 'gpu-metrics',
    gpu: '0',
    instance: '10.0.172.246:9400',
    job: 'nvidia-dcgm-exporter',
    modelName: 'NVIDIA H100 80GB HBM3',
    namespace: 'dynamo-workload',
    pci_bus_id: '00000000:53:00.0',
    pod: 'vllm-agg-0-vllmdecodeworker-s65j5',
    service: 'nvidia-dcgm-exporter',
  });
});

const MATRIX = JSON.stringify({
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      { metric: { __name__: 'vllm:prompt_tokens_total', model_name: 'deepseek-ai/DeepSeek-R1', node: 'décode-001' }, values: [[1740628800, '1.5'], [1740628815.25, 'NaN'], [1740628830.001, '+Inf']] },
      { metric: { node: 'décode-001', __name__: 'vllm:prompt_tokens_total', model_name: 'deepseek-ai/DeepSeek-R1' }, values: [[1740628845, '-Inf']] },
      { metric: { __name__: 'vllm:num_requests_running', node: 'décode-001' }, values: [[1740628800, '12']] },
    ],
  },
});

test('a matrix: every point, its timestamp exact to the millisecond, its value as Prometheus writes it, one Series per series', () => {
  const out = parseText(make, MATRIX);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => [s.series.key, s.ts, s.value]), [
    ['vllm:prompt_tokens_total{model_name="deepseek-ai/DeepSeek-R1",node="décode-001"}', T0, 1.5],
    ['vllm:prompt_tokens_total{model_name="deepseek-ai/DeepSeek-R1",node="décode-001"}', T0 + 15_250, NaN],
    ['vllm:prompt_tokens_total{model_name="deepseek-ai/DeepSeek-R1",node="décode-001"}', T0 + 30_001, Infinity],
    ['vllm:prompt_tokens_total{model_name="deepseek-ai/DeepSeek-R1",node="décode-001"}', T0 + 45_000, -Infinity],
    ['vllm:num_requests_running{node="décode-001"}', T0, 12],
  ]);
  assert.equal(seriesObjects(out).size, 2, 'the same series with its labels in another order is the same object');
  assert.ok(out.samples.every((s) => s.line === 1));
  assert.equal(out.lines, 1);
});

test('a matrix cut at every byte (multi-byte characters, numbers and strings split) reads the same', () => {
  const bytes = Buffer.from(MATRIX);
  const whole = outputView(parsePieces(make, [bytes]));
  for (let cut = 0; cut <= bytes.length; cut++) assert.deepEqual(outputView(parsePieces(make, cutAt(bytes, [cut]))), whole, `cut at byte ${cut}`);
});

test("each result entry's samples come out as soon as the entry is complete", () => {
  const entries = Array.from({ length: 200 }, (_, i) => JSON.stringify({ metric: { __name__: 'up', gpu: String(i) }, values: [[1740628800, '1'], [1740628815, '1']] }));
  const body = `{"status":"success","data":{"resultType":"matrix","result":[${entries.join(',')}]}}`;
  const parser = make();
  const half = Buffer.from(body.slice(0, body.indexOf(entries[100]) + entries[100].length));
  assert.equal(parser.push(half).samples.length, 202, 'entries 0 to 100 before the rest arrives');
  assert.equal(parser.push(Buffer.from(body.slice(half.length))).samples.length, 198);
  assert.deepEqual(parser.end(), { samples: [], errors: [], lines: 1 });
});

test('keys in any order: status last, result before resultType', () => {
  const sorted = '{"data":{"result":[{"metric":{"__name__":"up"},"value":[1740628800.5,"1"]}],"resultType":"vector"},"status":"success"}';
  const out = parseText(make, sorted);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.samples.map((s) => [s.series.key, s.ts, s.value]), [['up', T0 + 500, 1]]);
  assert.ok(detectPromApi(sorted));
});

test('a series without __name__ is refused with its labels; the others load', () => {
  const body = JSON.stringify({
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: { job: 'dcgm', gpu: '0' }, value: [1740628800, '3'] }, { metric: { __name__: 'up', gpu: '1' }, value: [1740628800, '1'] }] },
  }, null, 2);
  const out = parseText(make, body);
  assert.deepEqual(out.samples.map((s) => s.series.key), ['up{gpu="1"}']);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [
    [6, '__name__', `series {gpu="0",job="dcgm"} has no __name__ (an expression's result, not a stored metric): its 1 samples are skipped`],
  ]);
});

test('bad points are refused one by one with the series they belong to', () => {
  const body = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[1740628800,"abc"],[1740628815,1],["x","1"],[1740628830,"2"]]}]}}';
  const out = parseText(make, body);
  assert.deepEqual(out.samples.map((s) => [s.ts, s.value]), [[T0 + 30_000, 2]]);
  assert.deepEqual(out.errors.map((e) => [e.field, e.message]), [
    ['up', 'value "abc" is not a number'],
    ['up', 'expected a sample [seconds, "value"], got [1740628815,1]'],
    ['up', 'expected a sample [seconds, "value"], got ["x","1"]'],
  ]);
});

test('an error body is one error with its errorType and message', () => {
  const out = parseText(make, '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:1: parse error"}');
  assert.deepEqual(out.samples, []);
  assert.deepEqual(out.errors, [{ line: 1, field: 'status', message: 'the query failed: bad_data: invalid parameter "query": 1:1: parse error', excerpt: null }]);
});

test('a scalar result holds no series: one error, nothing read', () => {
  const out = parseText(make, '{"status":"success","data":{"resultType":"scalar","result":[1740628800,"42"]}}');
  assert.deepEqual(out.samples, []);
  assert.deepEqual(out.errors.map((e) => e.message), ['a "scalar" result holds one value, not series: nothing is read from it']);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[1, 'result']], 'a line the file has, not 0');
});

test('invalid or truncated JSON: one error, and what came before it stays read', () => {
  const good = '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1740628800,"1"]},';
  const truncated = parseText(make, good);
  assert.equal(truncated.samples.length, 1);
  assert.equal(truncated.errors.length, 1);
  assert.match(truncated.errors[0].message, /^invalid JSON, nothing more is read: /);
  const broken = parseText(make, `${good}\n{"metric": oops}]}}`, 7);
  assert.equal(broken.samples.length, 1);
  assert.deepEqual(broken.errors.map((e) => e.line), [2]);
  assert.equal(broken.lines, 2);
  assert.deepEqual(parseText(make, '').errors.map((e) => e.message), ['not a Prometheus API response: it has no "status"']);
});

test('a byte-order mark does not shift line numbers', () => {
  const body = '\uFEFF{\n "status": "success",\n "data": {"resultType": "vector", "result": [\n  {"metric": {"__name__": "up"}, "value": [1740628800, "1"]}\n ]}\n}\n';
  const out = parseText(make, body, 2);
  assert.deepEqual(out.samples.map((s) => s.line), [4]);
  assert.equal(out.lines, 6);
});

test('detection: the API fixtures and bodies, not the exposition, CSV or JSONL formats', () => {
  assert.ok(detectPromApi('{"status":"error","errorType":"bad_data","error":"x"}'));
  assert.ok(detectPromApi(' \n{\n  "status": "success",\n  "data": {\n    "resultType": "matrix",'));
  const others = [
    'docs/examples/requests.jsonl',
    'docs/examples/expert_load.jsonl',
    'docs/examples/gpu_samples.csv',
    'fixtures/deepseek_eplb/readme_example.json',
    'fixtures/mooncake/conversation_trace_first800.jsonl',
    'fixtures/prometheus/nvidia_aicr/h100_dcgm_scrape_sampled.prom',
    'fixtures/prometheus/datadog_integrations_core/vllm_metrics.txt',
  ];
  for (const file of others) assert.equal(detectPromApi(readFileSync(path.join(REPO, file)).toString('utf8', 0, 65_536)), false, file);
  assert.equal(detectPromApi('{"status":"success"}'), false);
  assert.equal(detectPromApi(''), false);
});

test('a document without "status" is blamed on line 1, field status, not on a line 0 that no file has', () => {
  const out = parseText(createPromApiParser, JSON.stringify({ ' status': 'success', data: { resultType: 'vector', result: [] } }, null, 2));
  assert.deepEqual(out.errors, [{ line: 1, field: 'status', message: 'not a Prometheus API response: it has no "status"', excerpt: null }]);
});

test('invalid UTF-8 is blamed on its own line however the body is cut, not on a line that depends on the chunking', () => {
  const text = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu: '0' }, value: [1740628800, '5'] }] } }, null, 2);
  const bytes = Buffer.from(text.replace('"gpu"', '"g\u00e9u"'));
  bytes[bytes.indexOf(0xa9)] = 0x28;
  const line = text.slice(0, text.indexOf('"gpu"')).split('\n').length;
  for (const cut of [1, 10, 37, bytes.indexOf(0x28) - 1, bytes.indexOf(0x28) + 1, bytes.length - 1]) {
    const out = parsePieces(make, cutAt(bytes, [cut]));
    assert.deepEqual(out.errors.map((e) => [e.line, e.message]), [[line, 'invalid JSON, nothing more is read: the text is not valid UTF-8']], `cut at ${cut}`);
  }
  const split = Buffer.from(text.replace('"gpu"', '"g\u00e9u"'));
  const truncated = split.subarray(0, split.indexOf(0xa9));
  assert.deepEqual(parsePieces(make, [truncated]).errors.map((e) => e.message), ['invalid JSON, nothing more is read: the text is not valid UTF-8']);
});

test('a JSON syntax error reads the same however the body is cut (no chunk position in the message)', () => {
  const bytes = Buffer.from('{\n  "status": "success",\n  "data": {\nresultType": "vector"}}');
  const whole = parsePieces(make, [bytes]).errors;
  assert.match(whole[0].message, /^invalid JSON, nothing more is read: Unexpected "r" at byte \d+ in state/);
  for (const cut of [1, 20, 37, 40]) assert.deepEqual(parsePieces(make, cutAt(bytes, [cut])).errors, whole, `cut at ${cut}`);
});
