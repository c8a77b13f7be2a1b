import { test } from 'node:test';
import { mooncakeTrace } from '@/lib/ingest/formats/mooncake';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const VALID = [
  [
    '{"timestamp": 0, "input_length": 1200, "output_length": 6, "hash_ids": [0, 1, 2]}',
    '{"timestamp": 40, "input_length": 700, "output_length": 4, "hash_ids": [0, 1, 3]}',
    '{"timestamp": 41, "input_length": 512, "output_length": 3, "hash_ids": [4]}',
  ].join('\n'),
];

test('Mooncake traces: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(mooncakeTrace, VALID);
  checkParser(mooncakeTrace, VALID);
});
