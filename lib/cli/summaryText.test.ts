import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary } from './summaryText';

const base = { file: 'a.jsonl', format: 'jsonl', jobId: '7', accepted: 5, duplicates: 1, replaced: 0, rejected: 12, errors: [] };

test('names the counts and each rejected line with its field', () => {
  const text = formatSummary({ ...base, errors: [{ line: 3, field: 'input_tokens', message: 'must be an integer' }] });
  assert.match(text, /^a\.jsonl \(jsonl, job 7\): 5 accepted, 1 duplicates skipped, 12 rejected/);
  assert.match(text, /line 3, input_tokens: must be an integer/);
  assert.match(text, /2 more rejected lines/);
});

test('a file that could not be opened shows only its error', () => {
  assert.equal(formatSummary({ ...base, jobId: '', error: 'cannot read x' }), 'a.jsonl: ERROR cannot read x');
});

test('a binary file is one line that names it; a trace says where its times start and where its data is', () => {
  const binary = 'a.jsonl is a binary file (not text, not gzip): FleetLedger reads UTF-8 text';
  assert.equal(formatSummary({ ...base, jobId: '', error: binary }), binary);
  const text = formatSummary({
    ...base, format: 'mooncake', rejected: 0, traceStart: '2024-01-01T00:00:00.000Z', firstTs: '2024-01-01T00:00:00.000Z', lastTs: '2024-01-01T00:59:58.000Z',
  });
  assert.match(text, /\n {2}data from 2024-01-01T00:00:00\.000Z to 2024-01-01T00:59:58\.000Z\n/);
  assert.match(text, /\n {2}times counted from the trace start 2024-01-01T00:00:00\.000Z \(--trace-start ISO to change it\)$/);
});
