import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectFormat, FORMATS } from '@/lib/ingest/formats';
import { FIXTURES_DIR } from '@/lib/testing/fixtures';

const FIXTURES = FIXTURES_DIR;
const headOf = (path: string) => readFileSync(path).toString('utf8', 0, 65_536);

test('each public fixture is detected as its format from the head of its content', () => {
  for (const [file, format] of [
    ['mooncake/conversation_trace_first800.jsonl', 'mooncake'],
    ['mooncake/synthetic_trace_first800.jsonl', 'mooncake'],
    ['azure_llm_inference/AzureLLMInferenceTrace_code_first2000.csv', 'azure-llm-inference'],
    ['azure_llm_inference/AzureLLMInferenceTrace_conv_first2000.csv', 'azure-llm-inference'],
    ['burstgpt/readme_example_3rows.csv', 'burstgpt'],
  ]) {
    assert.equal(detectFormat(headOf(`${FIXTURES}/${file}`))?.name, format, file);
  }
});

test('canonical files are detected as canonical', () => {
  assert.equal(detectFormat('{"type":"request","arrived_at":0,"input_tokens":1,"output_tokens":1}\n')?.name, 'jsonl');
  assert.equal(detectFormat('ts,node,state\n2025-02-27T04:00:00Z,d-001,decode\n')?.name, 'csv');
});

test('a Prometheus scrape is detected as one', () => {
  assert.equal(detectFormat(headOf(`${FIXTURES}/prometheus/vllm/design_metrics_doc_example.prom`))?.name, 'prometheus-text');
});

test('an unknown file matches no format', () => {
  assert.equal(detectFormat('hello world\n'), null);
  assert.equal(detectFormat('time;tokens\n2025-02-27 04:00;12\n'), null);
  assert.equal(detectFormat(''), null);
});

test('format names are unique', () => {
  assert.equal(new Set(FORMATS.map((f) => f.name)).size, FORMATS.length);
});
