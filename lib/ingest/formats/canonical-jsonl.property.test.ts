import { test } from 'node:test';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const VALID = [
  [
    '{"type":"node_event","ts":"2025-02-27T04:00:00Z","node":"d-001","state":"decode","gpu_type":"H800","gpu_count":8}',
    '{"type":"request","request_id":"r1","arrived_at":"2025-02-27T04:00:01.5Z","input_tokens":5000,"cached_tokens":3000,"output_tokens":600,"model":"deepseek-r1"}',
    '{"type":"gpu_sample","ts":"2025-02-27T04:00:10Z","interval_s":10,"node":"d-001","gpu":7,"role":"decode","output_tokens":1900}',
  ].join('\n'),
  '{"type":"expert_load","ts":"2025-02-27T04:10:00Z","interval_s":600,"phase":"decode","layer":3,"expert":255,"node":"d-001","gpu":7,"tokens":123456}\r\n',
];

test('canonical JSONL: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(canonicalJsonl, VALID);
  checkParser(canonicalJsonl, VALID);
});
