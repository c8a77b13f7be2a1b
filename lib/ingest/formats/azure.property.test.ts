import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { azureLlmInference } from '@/lib/ingest/formats/azure';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const VALID = [readFileSync('fixtures/azure_llm_inference/AzureLLMInferenceTrace_code_first2000.csv', 'utf8').split('\n').slice(0, 5).join('\n')];

test('Azure LLM inference traces: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(azureLlmInference, VALID);
  checkParser(azureLlmInference, VALID);
});
