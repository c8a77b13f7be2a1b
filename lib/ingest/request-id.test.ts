import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCsv } from '@/lib/ingest/formats/canonical-csv';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { parseText } from '@/lib/ingest/parse-testing';
import type { RequestRecord } from '@/lib/ingest/records';
import { deriveRequestId, RequestIdDeriver, type RequestContent } from '@/lib/ingest/request-id';

const content: RequestContent = {
  arrivedAt: Date.parse('2025-02-27T04:00:00Z'), inputTokens: 800, outputTokens: 100, cachedTokens: 0, model: null, source: null,
  prefillStartedAt: null, firstTokenAt: null, finishedAt: null, prefillNode: null, prefillGpu: null, decodeNode: null,
  decodeGpu: null, status: null, sampleWeight: 1,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ids = (records: unknown[]) => (records as RequestRecord[]).map((r) => r.requestId);

test('a derived id is a version-8 UUID that changes with any field', () => {
  const id = deriveRequestId(content);
  assert.match(id, UUID);
  assert.equal(deriveRequestId({ ...content }), id);
  for (const change of [{ inputTokens: 801 }, { arrivedAt: content.arrivedAt + 0.5 }, { model: 'deepseek-r1' }, { sampleWeight: 2 }]) {
    assert.notEqual(deriveRequestId({ ...content, ...change }), id, JSON.stringify(change));
  }
  assert.notEqual(deriveRequestId(content, 1), id);
});

test('identical requests at one instant get distinct ids; the numbering restarts at the next instant', () => {
  const deriver = new RequestIdDeriver();
  const first = [deriver.derive(content), deriver.derive(content)];
  const later = { ...content, arrivedAt: content.arrivedAt + 1000 };
  deriver.derive(later);
  const again = deriver.derive(content);
  assert.deepEqual(first, [deriveRequestId(content), deriveRequestId(content, 1)]);
  assert.equal(again, first[0]);
});

test('the same file read twice gives the same ids, and a given request_id is kept', () => {
  const text = [
    '{"type":"request","arrived_at":"2025-02-27T04:00:00Z","input_tokens":800,"output_tokens":100}',
    '{"type":"request","arrived_at":"2025-02-27T04:00:00Z","input_tokens":800,"output_tokens":100}',
    '{"type":"request","request_id":"given","arrived_at":"2025-02-27T04:00:00Z","input_tokens":800,"output_tokens":100}',
  ].join('\n');
  const once = ids(parseText(canonicalJsonl, text).records);
  assert.deepEqual(ids(parseText(canonicalJsonl, text).records), once);
  assert.equal(new Set(once).size, 3);
  assert.equal(once[2], 'given');
});

test('a request gets the same id from JSONL and from CSV, however its instant is written', () => {
  const jsonl = ids(parseText(canonicalJsonl, '{"type":"request","arrived_at":1740628800000,"input_tokens":800,"output_tokens":100,"model":"deepseek-r1"}').records);
  const csv = ids(parseText(canonicalCsv, 'model,arrived_at,input_tokens,output_tokens\ndeepseek-r1,2025-02-27T12:00:00+08:00,800,100\n').records);
  assert.deepEqual(csv, jsonl);
});
