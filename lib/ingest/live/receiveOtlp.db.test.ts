import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { exportRequest, toProtobuf, vllmRequestSpan, VLLM_RESOURCE, VLLM_SCOPE } from '@/lib/ingest/otlp/testing';
import { encodeTraceResponse } from './otlpResponse';
import { receiveOtlpTraces } from './receiveOtlp';

const T0 = Date.parse('2025-02-27T04:00:00Z');
const NOW = Date.parse('2025-02-28T00:00:00Z');

const post = (body: Buffer, headers: Record<string, string>) =>
  new Request('http://localhost/v1/traces', { method: 'POST', body: new Uint8Array(body), headers });

const twoSpans = () =>
  exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [vllmRequestSpan('00f067aa0ba902b7', T0), vllmRequestSpan('00f067aa0ba902b8', T0 + 1000)]);

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(async () => db.drop());

async function stored() {
  const { rows } = await db.pool.query<{ n: number; input: number; node: string | null }>(
    `SELECT count(*)::int AS n, coalesce(sum(input_tokens), 0)::int AS input, min(n.name) AS node
       FROM request r LEFT JOIN node n ON n.id = r.decode_node_id`,
  );
  return rows[0];
}

test('GenAI spans become requests once, whether sent as JSON, as gzip protobuf, or twice', async () => {
  const json = Buffer.from(JSON.stringify(twoSpans()));
  const first = await receiveOtlpTraces(db, post(json, { 'content-type': 'application/json' }), NOW);
  assert.deepEqual([first.encoding, first.spans, first.accepted, first.duplicates, first.partial], ['json', 2, 2, 0, null]);
  const again = await receiveOtlpTraces(db, post(gzipSync(toProtobuf(twoSpans())), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }), NOW);
  assert.deepEqual([again.encoding, again.accepted, again.duplicates], ['protobuf', 0, 2]);
  assert.deepEqual(await stored(), { n: 2, input: 2 * 2607, node: 'decode-001' });
  const job = await db.pool.query<{ channel: string; accepted: number }>(`SELECT channel, accepted::int FROM ingest_job`);
  assert.deepEqual(job.rows, [{ channel: 'otlp', accepted: 2 }]);
});

test('a GenAI span without usage is rejected in a partial success naming it; the others load', async () => {
  const bad = vllmRequestSpan('00f067aa0ba902c1', T0 + 5000, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'deepseek-r1' } });
  const body = Buffer.from(JSON.stringify(exportRequest(VLLM_RESOURCE, VLLM_SCOPE, [bad, vllmRequestSpan('00f067aa0ba902c2', T0 + 6000)])));
  const r = await receiveOtlpTraces(db, post(body, { 'content-type': 'application/json' }), NOW);
  assert.equal(r.accepted, 1);
  assert.equal(r.partial?.rejectedSpans, 1);
  assert.match(r.partial?.errorMessage ?? '', /00f067aa0ba902c1/);
  // The protobuf answer carries the same: field 1 (partial_success, its length a two-byte varint here) holding rejected_spans = 1.
  const answer = encodeTraceResponse(r.partial!);
  const length = (answer[1] & 0x7f) + (answer[2] << 7);
  assert.deepEqual([answer[0], length, answer[3], answer[4]], [0x0a, answer.length - 3, 0x08, 0x01]);
});

test('an unsupported content type or encoding is refused before anything is stored', async () => {
  await assert.rejects(receiveOtlpTraces(db, post(Buffer.from('x'), { 'content-type': 'text/plain' }), NOW), (e: Error & { status?: number }) => e.status === 415);
  await assert.rejects(
    receiveOtlpTraces(db, post(Buffer.from('{}'), { 'content-type': 'application/json', 'content-encoding': 'br' }), NOW),
    (e: Error & { status?: number }) => e.status === 415,
  );
  await assert.rejects(receiveOtlpTraces(db, post(Buffer.from('{not json'), { 'content-type': 'application/json' }), NOW), (e: Error & { status?: number }) => e.status === 400);
});

test('a gzip body inflating past FLEETLEDGER_MAX_INFLATED_BYTES is a 413 naming the limit', async () => {
  process.env.FLEETLEDGER_MAX_INFLATED_BYTES = '1000';
  try {
    const body = gzipSync(Buffer.from(JSON.stringify(twoSpans()).padEnd(5000, ' ')));
    await assert.rejects(
      receiveOtlpTraces(db, post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), NOW),
      (e: Error & { status?: number }) => e.status === 413 && /past 1000 bytes, the limit \(FLEETLEDGER_MAX_INFLATED_BYTES\)/.test(e.message),
    );
  } finally {
    delete process.env.FLEETLEDGER_MAX_INFLATED_BYTES;
  }
});
