import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createGzip, gzipSync } from 'node:zlib';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { serveRoutes, type RouteServer } from '@/lib/testing/routeServer';

// The ingest routes on a real HTTP server and a real PostgreSQL, fed bodies that go wrong.
let db: TestDb;
let token: string;
let server: RouteServer;
const uncaught: Error[] = [];
const recordUncaught = (e: Error) => uncaught.push(e);

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  const { POST } = await import('./route');
  const { POST: traces } = await import('@/app/v1/traces/route');
  const { POST: write } = await import('@/app/api/v1/write/route');
  server = await serveRoutes({ 'POST /api/v1/ingest': POST, 'POST /v1/traces': traces, 'POST /api/v1/write': write });
  ({ token } = await createApiToken(db, 'faults-test'));
  process.on('uncaughtException', recordUncaught);
});
after(async () => {
  process.off('uncaughtException', recordUncaught);
  await server.close();
  await closeGlobalDb();
  await db.drop();
});

const T0 = Date.parse('2025-02-27T04:00:00Z');
function requestLines(count: number, tag: string): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ type: 'request', request_id: `${tag}-${i}`, arrived_at: new Date(T0 + i * 10).toISOString(), input_tokens: 100 + (i % 89), output_tokens: 10 + (i % 7) }));
  }
  return `${lines.join('\n')}\n`;
}

interface Answer { status: number; body: { error?: { code: string; message: string }; files?: { accepted: number }[] } }

/** One upload; `cutAfter` bytes, then the client aborts (resolves with null then). */
function upload(body: Buffer, headers: Record<string, string>, file: string, cutAfter?: number): Promise<Answer | null> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}/api/v1/ingest?file=${file}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    if (cutAfter === undefined) {
      req.on('error', reject);
      req.end(body);
      return;
    }
    req.on('error', () => resolve(null));
    req.write(body.subarray(0, cutAfter));
    waitForJob(file).then(() => req.destroy(), reject);
  });
}

async function job(file: string) {
  const { rows } = await db.pool.query<{ id: string; status: string; error: string | null; finished_at: Date | null }>(
    'SELECT id::text, status, error, finished_at FROM ingest_job WHERE file_name = $1 ORDER BY id DESC LIMIT 1', [file]);
  return rows[0];
}

async function waitForJob(file: string, done?: (j: Awaited<ReturnType<typeof job>>) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const j = await job(file);
    if (j && (!done || done(j))) return j;
    if (Date.now() > until) throw new Error(`job ${file} not as expected after ${ms} ms: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a gzip upload the client aborts mid-body fails its job promptly with the reason, nothing uncaught', async () => {
  const gz = gzipSync(requestLines(200_000, 'cut'));
  const answer = await upload(gz, { 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' }, 'cut.jsonl', Math.floor(gz.length / 3));
  assert.equal(answer, null, 'the client cut the upload');
  const failed = await waitForJob('cut.jsonl', (j) => j.status !== 'running');
  assert.equal(failed.status, 'failed');
  assert.match(failed.error ?? '', /client went away/);
  assert.deepEqual(uncaught.map((e) => e.message), []);
});

test('Content-Encoding: gzip on a plain body is a 400 naming the problem, and no job', async () => {
  const answer = await upload(Buffer.from(requestLines(10, 'plain')), { 'content-encoding': 'gzip' }, 'plain.jsonl');
  assert.equal(answer?.status, 400);
  assert.equal(answer?.body.error?.code, 'bad_request');
  assert.match(answer?.body.error?.message ?? '', /Content-Encoding: gzip but cannot be inflated \(incorrect header check\)/);
  assert.equal(await job('plain.jsonl'), undefined);
  assert.deepEqual(uncaught.map((e) => e.message), []);
});

test('a good gzip upload over the socket is stored whole', async () => {
  const answer = await upload(gzipSync(requestLines(5_000, 'whole')), { 'content-encoding': 'gzip' }, 'whole.jsonl');
  assert.equal(answer?.status, 200, JSON.stringify(answer?.body));
  assert.equal(answer?.body.files?.[0].accepted, 5_000);
});

/** One good line, then `blankBytes` of blank lines, gzipped as it is made (never held inflated). */
async function bomb(blankBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write(requestLines(1, 'bomb'));
  const blanks = Buffer.alloc(1024 * 1024, 0x0a);
  for (let written = 0; written < blankBytes; written += blanks.length) {
    if (!gzip.write(blanks)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

test('a gzip body inflating 1 GiB of blank lines from ~1 MB stops with 413 naming the ratio limit, either gzip layer', async () => {
  const gz = await bomb(1024 ** 3);
  assert.ok(gz.length < 2 * 1024 * 1024, `the bomb is ${gz.length} bytes`);
  for (const [file, headers] of [['bomb-encoded.jsonl', { 'content-encoding': 'gzip' }], ['bomb-file.jsonl.gz', {}]] as const) {
    const answer = await upload(gz, headers, file).catch((e: Error) => { throw new Error(`${file}: ${e.message}`); });
    assert.equal(answer?.status, 413, JSON.stringify(answer?.body));
    assert.equal(answer?.body.error?.code, 'too_large');
    assert.match(answer?.body.error?.message ?? '', /inflates more than 200 times .*FLEETLEDGER_MAX_GZIP_RATIO/);
    const failed = await job(file);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /FLEETLEDGER_MAX_GZIP_RATIO/);
  }
});

test('FLEETLEDGER_MAX_INFLATED_BYTES caps what an upload inflates to, named in the 413', async () => {
  process.env.FLEETLEDGER_MAX_INFLATED_BYTES = '100000';
  try {
    const answer = await upload(gzipSync(requestLines(5_000, 'capped')), { 'content-encoding': 'gzip' }, 'capped.jsonl');
    assert.equal(answer?.status, 413);
    assert.match(answer?.body.error?.message ?? '', /past 100000 bytes, the limit \(FLEETLEDGER_MAX_INFLATED_BYTES\)/);
  } finally {
    delete process.env.FLEETLEDGER_MAX_INFLATED_BYTES;
  }
});

test('OTLP and remote-write bodies cut by the client leave nothing uncaught, and the server answers the next request', async () => {
  for (const [path, type] of [['/v1/traces', 'application/json'], ['/api/v1/write', 'application/x-protobuf']] as const) {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': '100000' } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(20_000, 0x20), () => setTimeout(() => req.destroy(), 100));
    });
  }
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(uncaught.map((e) => e.message), []);
  const next = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
  assert.equal(next.status, 200);
});
