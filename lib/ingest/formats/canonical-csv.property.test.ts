import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { canonicalCsv } from '@/lib/ingest/formats/canonical-csv';
import { assertValid, checkParser } from '@/lib/ingest/property-testing';

const head = (path: string, lines: number) => readFileSync(path, 'utf8').split('\n').slice(0, lines).join('\n');
const VALID = [head('docs/examples/requests.csv', 4), head('docs/examples/gpu_samples.csv', 3), head('docs/examples/node_events.csv', 3)];

test('canonical CSV: any input parses or gives per-line errors, the same at any chunking', { timeout: 120_000 }, () => {
  assertValid(canonicalCsv, VALID);
  checkParser(canonicalCsv, VALID);
});
