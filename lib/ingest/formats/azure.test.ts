import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { azureLlmInference } from '@/lib/ingest/formats/azure';
import { everyCut, parseFile, parseText } from '@/lib/ingest/parse-testing';
import type { RequestRecord } from '@/lib/ingest/records';
import { fixture } from '@/lib/testing/fixtures';

const DIR = fixture('azure_llm_inference');
const sum = (rs: RequestRecord[], f: (r: RequestRecord) => number) => rs.reduce((s, r) => s + f(r), 0);
const utc = (naive: string) => Date.parse(`${naive.slice(0, 19).replace(' ', 'T')}Z`) + Number(`0.${naive.slice(20)}`) * 1000;

// Ground truth from fixtures/azure_llm_inference/PROVENANCE.md, computed there without this
// parser. Like upstream, the lines end in CRLF and the last one has no line ending.
for (const [file, rows, input, output, first, last] of [
  ['AzureLLMInferenceTrace_code_first2000.csv', 2_000, 3_973_157, 59_024, '2023-11-16 18:17:03.9799600', '2023-11-16 18:31:17.0593070'],
  ['AzureLLMInferenceTrace_conv_first2000.csv', 2_000, 2_209_565, 529_807, '2023-11-16 18:15:46.6805900', '2023-11-16 18:22:50.9400470'],
] as const) {
  test(`${file}: every row and its token totals, timestamps read as UTC with their 7 fractional digits`, () => {
    const out = parseFile(azureLlmInference, `${DIR}/${file}`, {}, 10_007);
    const requests = out.records as RequestRecord[];
    assert.deepEqual(out.errors, []);
    assert.equal(out.lines, rows);
    assert.equal(requests.length, rows);
    assert.equal(sum(requests, (r) => r.inputTokens), input);
    assert.equal(sum(requests, (r) => r.outputTokens), output);
    assert.ok(Math.abs(requests[0].arrivedAt - utc(first)) < 1e-3);
    assert.ok(Math.abs((requests.at(-1)?.arrivedAt ?? 0) - utc(last)) < 1e-3);
    assert.equal(new Set(requests.map((r) => r.requestId)).size, rows);
  });
}

test('a bad row is rejected under the column name the file uses', () => {
  const out = parseText(azureLlmInference, 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:04,-3,8\n2023-11-16T25:00:00,1,1\n2023-11-16 18:17:05.1,1,1');
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [
    [3, 'ContextTokens', 'ContextTokens must be an integer ≥ 0, got -3'],
    [4, 'TIMESTAMP', 'TIMESTAMP is not a valid date and time: "2023-11-16T25:00:00"'],
  ]);
  assert.equal(out.records.length, 2);
});

test('the same output wherever the input is cut into chunks', () => {
  const head = readFileSync(`${DIR}/AzureLLMInferenceTrace_code_first2000.csv`, 'utf8').split('\n').slice(0, 4).join('\n');
  const whole = parseText(azureLlmInference, head);
  assert.equal(whole.records.length, 3);
  for (const out of everyCut(azureLlmInference, head)) assert.deepEqual(out, whole);
});
