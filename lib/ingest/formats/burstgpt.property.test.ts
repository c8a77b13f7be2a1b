import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { burstGpt } from '@/lib/ingest/formats/burstgpt';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const VALID = [readFileSync('fixtures/burstgpt/readme_example_3rows.csv', 'utf8')];

test('BurstGPT traces: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(burstGpt, VALID);
  checkParser(burstGpt, VALID);
});
