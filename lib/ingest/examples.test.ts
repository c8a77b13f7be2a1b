import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat } from '@/lib/ingest/formats';
import { parseBytes } from '@/lib/ingest/parse-testing';
import type { CanonicalRecord, NodeEventRecord } from '@/lib/ingest/records';

const DIR = path.join(process.cwd(), 'docs', 'examples');
const EXPECTED: Record<string, { format: string; type: CanonicalRecord['type'] }> = {
  'requests.jsonl': { format: 'jsonl', type: 'request' },
  'requests.csv': { format: 'csv', type: 'request' },
  'gpu_samples.csv': { format: 'csv', type: 'gpu_sample' },
  'node_events.csv': { format: 'csv', type: 'node_event' },
  'expert_load.jsonl': { format: 'jsonl', type: 'expert_load' },
};

function readExample(file: string): CanonicalRecord[] {
  const bytes = readFileSync(path.join(DIR, file));
  const format = detectFormat(bytes.toString('utf8', 0, 65_536));
  assert.equal(format?.name, EXPECTED[file].format, file);
  const out = parseBytes(format!, bytes, { now: Date.parse('2025-03-01T00:00:00Z') });
  assert.deepEqual(out.errors, [], file);
  const dataLines = bytes.toString().split('\n').filter((l) => l.trim()).length - (file.endsWith('.csv') ? 1 : 0);
  assert.equal(out.records.length, dataLines, file);
  assert.ok(out.records.every((r) => r.type === EXPECTED[file].type), file);
  return out.records;
}

test('every example file in docs/examples is detected and parses with zero errors', () => {
  assert.deepEqual(readdirSync(DIR).sort(), Object.keys(EXPECTED).sort());
  for (const file of Object.keys(EXPECTED)) readExample(file);
});

test('the examples tell one story: the nodes of the samples, requests and expert loads are the nodes of the events, serving in their roles, within ten minutes', () => {
  const events = readExample('node_events.csv') as NodeEventRecord[];
  const stateOf = new Map(events.map((e) => [e.node, e.state]));
  const start = Date.parse('2025-02-27T04:00:00Z');
  const instants: number[] = [];
  for (const r of readExample('gpu_samples.csv')) {
    if (r.type !== 'gpu_sample') continue;
    assert.equal(stateOf.get(r.node), r.role);
    instants.push(r.ts - r.intervalS * 1000);
  }
  for (const file of ['requests.jsonl', 'requests.csv']) {
    for (const r of readExample(file)) {
      if (r.type !== 'request') continue;
      assert.ok(r.prefillNode === null || stateOf.get(r.prefillNode) === 'prefill');
      assert.ok(r.decodeNode === null || stateOf.get(r.decodeNode) === 'decode');
      instants.push(r.arrivedAt, r.finishedAt ?? r.arrivedAt);
    }
  }
  for (const r of readExample('expert_load.jsonl')) {
    if (r.type === 'expert_load') assert.equal(stateOf.get(r.node), r.phase);
  }
  assert.ok(Math.min(...instants) >= start && Math.max(...instants) <= start + 10 * 60_000);
});
