import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_TRACE_START } from '@/lib/ingest/format';
import { burstGpt } from '@/lib/ingest/formats/burstgpt';
import { everyCut, parseFile, parseText } from '@/lib/ingest/parse-testing';
import type { RequestRecord } from '@/lib/ingest/records';
import { fixture } from '@/lib/testing/fixtures';

const SAMPLE = fixture('burstgpt', 'readme_example_3rows.csv');

test('the format sample: its rows, token sums, models and sources as PROVENANCE.md gives them', () => {
  const out = parseFile(burstGpt, SAMPLE);
  const requests = out.records as RequestRecord[];
  assert.deepEqual(out.errors, []);
  assert.equal(out.lines, 3);
  assert.equal(requests.reduce((s, r) => s + r.inputTokens, 0), 1976);
  assert.equal(requests.reduce((s, r) => s + r.outputTokens, 0), 524);
  assert.deepEqual(requests.map((r) => r.model), ['ChatGPT', 'ChatGPT', 'GPT-4']);
  assert.deepEqual(requests.map((r) => r.source), ['web', 'web', 'web']);
  assert.deepEqual(requests.map((r) => r.arrivedAt - DEFAULT_TRACE_START), [5_000, 45_000, 118_000]);
  assert.deepEqual(requests.map((r) => r.status), [null, null, null]);
});

test('0 response tokens is a failed request, API log is the api source, Elapsed time gives finished_at', () => {
  const start = Date.parse('2025-02-27T00:00:00Z');
  const text = [
    'Timestamp,Session ID,Elapsed time,Model,Request tokens,Response tokens,Total tokens,Log Type',
    '10.5,,2.25,GPT-4,100,0,100,API log',
    '11,s1,,ChatGPT,50,20,70,Conversation log',
  ].join('\n');
  const requests = parseText(burstGpt, text, { traceStart: start }).records as RequestRecord[];
  assert.deepEqual(requests.map((r) => [r.arrivedAt - start, r.status, r.source, r.finishedAt === null ? null : r.finishedAt - start]), [
    [10_500, 'failed', 'api', 12_750],
    [11_000, null, 'web', null],
  ]);
});

test('a bad row is rejected under the column name the file uses', () => {
  const text = [
    'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type',
    'x,ChatGPT,1,1,2,API log',
    '1,ChatGPT,1,1,2,Batch log',
    '2,ChatGPT,1.5,1,2,API log',
    '3,ChatGPT,1,1,2,API log',
  ].join('\n');
  const out = parseText(burstGpt, text);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field, e.message]), [
    [2, 'Timestamp', 'Timestamp must be a number of seconds ≥ 0, got "x"'],
    [3, 'Log Type', 'Log Type must be API log or Conversation log; got "Batch log"'],
    [4, 'Request tokens', 'Request tokens must be an integer ≥ 0, got 1.5'],
  ]);
  assert.equal(out.records.length, 1);
});

test('the same output wherever the input is cut into chunks', () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const whole = parseText(burstGpt, text);
  for (const out of everyCut(burstGpt, text)) assert.deepEqual(out, whole);
});
