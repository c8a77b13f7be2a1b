import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';

// The route handler itself, against a real PostgreSQL (the browser tests cover the server).
let db: TestDb;
let token: string;
let POST: (request: Request, context: unknown) => Promise<Response>;

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  ({ POST } = await import('./route'));
  ({ token } = await createApiToken(db, 'route-test'));
});
after(async () => {
  await closeGlobalDb();
  await db.drop();
});

const lines = [
  '{"type":"request","request_id":"a","arrived_at":"2025-02-27T04:00:00Z","input_tokens":10,"output_tokens":2}',
  '{"type":"request","request_id":"b","arrived_at":"2025-02-27T04:00:01Z","input_tokens":10,"output_tokens":-2}',
  '{"type":"request","request_id":"a","arrived_at":"2025-02-27T04:00:00Z","input_tokens":10,"output_tokens":2}',
].join('\n');

const post = (body: BodyInit, headers: Record<string, string> = {}, query = 'file=t.jsonl') =>
  POST(new Request(`http://localhost/api/v1/ingest?${query}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, ...headers } }), {});

test('a streamed body is ingested and answered with the CLI summary', async () => {
  const res = await post(lines);
  const { files } = await res.json();
  assert.equal(res.status, 200, JSON.stringify(files));
  assert.deepEqual(
    { ...files[0], jobId: undefined },
    { file: 't.jsonl', format: 'jsonl', jobId: undefined, accepted: 1, duplicates: 1, replaced: 0, rejected: 1,
      errors: [{ line: 2, field: 'output_tokens', message: files[0].errors[0].message }],
      firstTs: '2025-02-27T04:00:00.000Z', lastTs: '2025-02-27T04:00:00.000Z' },
  );
  assert.match(files[0].errors[0].message, /output_tokens/);
});

test('Content-Encoding: gzip is undone, and a gzip file is recognised by its content', async () => {
  const encoded = await (await post(gzipSync(lines.replaceAll('"a"', '"c"')), { 'content-encoding': 'gzip' })).json();
  assert.equal(encoded.files[0].accepted, 1);
  const gzFile = await (await post(gzipSync(lines.replaceAll('"a"', '"d"')), {}, 'file=t.jsonl.gz')).json();
  assert.equal(gzFile.files[0].accepted, 1);
});

test('without a valid token the API answers 401 in the error envelope', async () => {
  const res = await POST(new Request('http://localhost/api/v1/ingest', { method: 'POST', body: lines }), {});
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error.code, 'unauthorized');
});

test('an unrecognised body answers 422 with the reason and stores nothing, not even a job', async () => {
  const jobs = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest_job')).rows[0].n;
  const before = await jobs();
  const res = await post('hello,world\n1,2\n');
  assert.equal(res.status, 422);
  const [file] = (await res.json()).files;
  assert.match(file.error, /unrecognised format/);
  assert.equal(file.jobId, '');
  assert.equal(await jobs(), before);
});

test('a binary body is said to be binary, in one line naming the file', async () => {
  const res = await post(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), {}, 'file=a.out');
  assert.equal(res.status, 422);
  assert.match((await res.json()).files[0].error, /^a\.out is a binary file \(not text, not gzip\): FleetLedger reads [^\n]*$/);
});
