import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_NAMES, FieldSlots, RECORD_FIELDS } from '@/lib/ingest/fields';
import { canonicalJsonl } from '@/lib/ingest/formats/canonical-jsonl';
import { parseText, TEST_NOW } from '@/lib/ingest/parse-testing';
import { RECORD_TYPES, type GpuSampleRecord, type RequestRecord } from '@/lib/ingest/records';
import { RecordValidator } from '@/lib/ingest/validate';

const T = '2025-02-27T04:00:00Z';
const request = { type: 'request', request_id: 'r', arrived_at: T, input_tokens: 800, output_tokens: 100 };
const gpuSample = { type: 'gpu_sample', ts: T, interval_s: 10, node: 'p-001', gpu: 0, role: 'decode' };
const nodeEvent = { type: 'node_event', ts: T, node: 'p-001', state: 'decode' };
const expertLoad = { type: 'expert_load', ts: T, interval_s: 600, phase: 'decode', layer: 3, expert: 17, node: 'p-001', gpu: 2, tokens: 1000 };

/** A line as an object, or as raw text for what JSON.stringify cannot write (1e400). */
type Case = [label: string, line: Record<string, unknown> | string, field: string, message: RegExp];

const omit = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
const inFuture = new Date(TEST_NOW + 2 * 86_400_000).toISOString();

const CASES: Case[] = [
  ['required arrived_at', omit(request, 'arrived_at'), 'arrived_at', /^arrived_at is required$/],
  ['required input_tokens', omit(request, 'input_tokens'), 'input_tokens', /^input_tokens is required$/],
  ['required output_tokens (null is absent)', { ...request, output_tokens: null }, 'output_tokens', /^output_tokens is required$/],
  ['negative tokens', { ...request, input_tokens: -1 }, 'input_tokens', /^input_tokens must be an integer ≥ 0, got -1$/],
  ['fractional tokens', { ...request, output_tokens: 1.5 }, 'output_tokens', /must be an integer ≥ 0, got 1.5/],
  ['a number written as a JSON string', { ...request, input_tokens: '800' }, 'input_tokens', /^input_tokens must be a number, got "800"$/],
  ['cached over input', { ...request, cached_tokens: 900 }, 'cached_tokens', /^cached_tokens 900 exceeds input_tokens 800$/],
  ['timestamp without zone', { ...request, arrived_at: '2025-02-27T04:00:00' }, 'arrived_at', /has no time zone/],
  ['timestamp not ISO', { ...request, arrived_at: '27/02/2025 04:00' }, 'arrived_at', /ISO 8601 timestamp with a zone or epoch milliseconds/],
  ['impossible date', { ...request, arrived_at: '2025-02-30T04:00:00Z' }, 'arrived_at', /not a valid date and time/],
  ['before 2000', { ...request, arrived_at: '1999-12-31T23:59:59Z' }, 'arrived_at', /1999-12-31T23:59:59.000Z is before 2000-01-01/],
  ['epoch ms before 2000', { ...request, arrived_at: 1_700_000 }, 'arrived_at', /before 2000-01-01/],
  ['more than a day after now', { ...request, arrived_at: inFuture }, 'arrived_at', /more than one day in the future/],
  ['timestamp of another type', { ...request, arrived_at: true }, 'arrived_at', /got true/],
  ['first token before arrival', { ...request, first_token_at: '2025-02-27T03:59:59Z' }, 'first_token_at', /^first_token_at 2025-02-27T03:59:59.000Z is before arrived_at 2025-02-27T04:00:00.000Z$/],
  ['finished before first token', { ...request, first_token_at: '2025-02-27T04:00:02Z', finished_at: '2025-02-27T04:00:01Z' }, 'finished_at', /is before first_token_at/],
  ['finished before arrival', { ...request, finished_at: '2025-02-27T03:00:00Z' }, 'finished_at', /is before arrived_at/],
  ['prefill before arrival', { ...request, prefill_started_at: '2025-02-27T03:00:00Z' }, 'prefill_started_at', /is before arrived_at/],
  ['gpu index 64', { ...request, prefill_gpu: 64 }, 'prefill_gpu', /^prefill_gpu must be an integer from 0 to 63, got 64$/],
  ['negative gpu index', { ...request, decode_gpu: -1 }, 'decode_gpu', /from 0 to 63, got -1/],
  ['zero sample weight', { ...request, sample_weight: 0 }, 'sample_weight', /^sample_weight must be > 0, got 0$/],
  ['infinite number', JSON.stringify(request).replace('}', ',"sample_weight":1e400}'), 'sample_weight', /sample_weight is out of range \(not a finite number\): Infinity/],
  ['a string field given an object', { ...request, model: { name: 'r1' } }, 'model', /^model must be a string, got \{"name":"r1"\}$/],
  ['an overlong string', { ...request, request_id: 'x'.repeat(300) }, 'request_id', /longer than 256 characters/],
  ['role outside its set', { ...gpuSample, role: 'serving' }, 'role', /^role must be one of prefill, decode, idle; got "serving"$/],
  ['required role', omit(gpuSample, 'role'), 'role', /role is required/],
  ['required node', omit(gpuSample, 'node'), 'node', /node is required/],
  ['gpu 64', { ...gpuSample, gpu: 64 }, 'gpu', /from 0 to 63/],
  ['zero interval', { ...gpuSample, interval_s: 0 }, 'interval_s', /^interval_s must be > 0 and ≤ 86400, got 0$/],
  ['interval over a day', { ...gpuSample, interval_s: 86_401 }, 'interval_s', /≤ 86400, got 86401/],
  ['sample cached over input', { ...gpuSample, input_tokens: 10, cached_tokens: 11 }, 'cached_tokens', /^cached_tokens 11 exceeds input_tokens 10$/],
  ['negative counter', { ...gpuSample, kv_cache_tokens: -5 }, 'kv_cache_tokens', /≥ 0, got -5/],
  ['utilisation over 100', { ...gpuSample, util_pct: 101 }, 'util_pct', /must be ≥ 0 and ≤ 100, got 101/],
  ['state outside its set', { ...nodeEvent, state: 'busy' }, 'state', /must be one of prefill, decode, idle, other, offline; got "busy"/],
  ['gpu count 0', { ...nodeEvent, gpu_count: 0 }, 'gpu_count', /from 1 to 64, got 0/],
  ['phase outside its set', { ...expertLoad, phase: 'idle' }, 'phase', /must be one of prefill, decode; got "idle"/],
  ['layer too large', { ...expertLoad, layer: 32_768 }, 'layer', /from 0 to 32767, got 32768/],
  ['negative expert', { ...expertLoad, expert: -1 }, 'expert', /from 0 to 32767, got -1/],
  ['required tokens', omit(expertLoad, 'tokens'), 'tokens', /tokens is required/],
  ['type missing', omit(request, 'type'), 'type', /^type is required$/],
  ['type unknown', { ...request, type: 'req' }, 'type', /type must be one of request, gpu_sample, node_event, expert_load; got "req"/],
];

test('every rule rejects its line with the right line number, field and reason, and keeps the good lines around it', () => {
  const good = [request, gpuSample, nodeEvent, expertLoad];
  const lines: string[] = [];
  const expected: { line: number; field: string; message: RegExp }[] = [];
  CASES.forEach(([, bad, field, message], i) => {
    lines.push(JSON.stringify(good[i % good.length]));
    lines.push(typeof bad === 'string' ? bad : JSON.stringify(bad));
    expected.push({ line: lines.length, field, message });
  });
  lines.push(JSON.stringify(request));
  const out = parseText(canonicalJsonl, lines.join('\n'));
  assert.equal(out.errors.length, CASES.length);
  out.errors.forEach((e, i) => {
    const [label] = CASES[i];
    assert.equal(e.line, expected[i].line, label);
    assert.equal(e.field, expected[i].field, label);
    assert.match(e.message, expected[i].message, label);
    assert.equal(e.excerpt, lines[e.line - 1].slice(0, 200), label);
  });
  assert.equal(out.records.length, CASES.length + 1);
  assert.equal(out.lines, lines.length);
});

test('lines that cannot be parsed have no field', () => {
  const out = parseText(canonicalJsonl, [JSON.stringify(request), '{"type":"request",', '[1,2]', '"text"', JSON.stringify(request)].join('\n'));
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[2, null], [3, null], [4, null]]);
  assert.match(out.errors[0].message, /^invalid JSON: /);
  assert.match(out.errors[1].message, /^not a JSON object: an array$/);
  assert.equal(out.records.length, 2);
});

test('a line over 1 MiB is rejected and the lines around it load', () => {
  const huge = JSON.stringify({ ...request, model: 'm'.repeat(1.5 * 1024 * 1024) });
  const out = parseText(canonicalJsonl, [JSON.stringify(request), huge, JSON.stringify(gpuSample)].join('\n'), {}, 64 * 1024);
  assert.deepEqual(out.errors.map((e) => [e.line, e.field]), [[2, null]]);
  assert.match(out.errors[0].message, /longer than 1048576 bytes/);
  assert.equal(out.errors[0].excerpt, huge.slice(0, 200));
  assert.deepEqual(out.records.map((r) => r.type), ['request', 'gpu_sample']);
  assert.equal(out.lines, 3);
});

test('optional fields default, unknown fields are ignored, and instants keep sub-millisecond digits', () => {
  const out = parseText(canonicalJsonl, JSON.stringify({ ...request, arrived_at: '2025-02-27T12:00:00.1234567+08:00', model: null, extra: { x: 1 } }));
  assert.deepEqual(out.errors, []);
  const r = out.records[0] as RequestRecord;
  assert.equal(r.arrivedAt, Date.parse('2025-02-27T04:00:00Z') + 123.4567);
  assert.equal(r.cachedTokens, 0);
  assert.equal(r.sampleWeight, 1);
  assert.equal(r.model, null);
  assert.equal(r.finishedAt, null);
});

test('a JSON number is epoch milliseconds', () => {
  const out = parseText(canonicalJsonl, JSON.stringify({ ...gpuSample, ts: 1_740_628_800_000.5 }));
  assert.equal((out.records[0] as GpuSampleRecord).ts, 1_740_628_800_000.5);
});

test('the readers ask for exactly the fields RECORD_FIELDS lists, so CSV headers and docs stay in step', () => {
  const validator = new RecordValidator({ now: TEST_NOW });
  for (const type of RECORD_TYPES) {
    const asked = new Set<string>();
    const slots = new FieldSlots(false);
    const recording = new Proxy(slots.values, {
      get: (values, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) asked.add(FIELD_NAMES[Number(key)]);
        return Reflect.get(values, key, receiver);
      },
    });
    validator.read(type, Object.assign(Object.create(slots) as FieldSlots, { values: recording }));
    const { required, optional } = RECORD_FIELDS[type];
    assert.deepEqual([...asked].sort(), [...required, ...optional].sort(), type);
  }
});
