import { test } from 'node:test';
import { otlpJson } from '@/lib/ingest/otlp/format';
import { exportRequest, VLLM_RESOURCE, VLLM_SCOPE, vllmRequestSpan } from '@/lib/ingest/otlp/testing';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const batch = (ids: string[]) => exportRequest(VLLM_RESOURCE, VLLM_SCOPE, ids.map((id, i) => vllmRequestSpan(id, Date.UTC(2025, 1, 27, 4) + i * 1000)));
const VALID = [
  [JSON.stringify(batch(['00f067aa0ba902b7'])), JSON.stringify(batch(['00f067aa0ba902b8', '00f067aa0ba902b9']))].join('\n'),
  JSON.stringify(batch(['00f067aa0ba902c1']), null, 2),
];

test('OTLP/JSON: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(otlpJson, VALID);
  checkParser(otlpJson, VALID);
});
