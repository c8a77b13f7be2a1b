import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { serveRoutes, type RouteServer } from '@/lib/testing/routeServer';

// Deleting a job while its upload still streams in, over a real HTTP server and PostgreSQL.
let db: TestDb;
let token: string;
let server: RouteServer;

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  const { POST } = await import('@/app/api/v1/ingest/route');
  const { DELETE } = await import('./route');
  server = await serveRoutes({ 'POST /api/v1/ingest': POST, 'DELETE /api/ingest/jobs/[id]': DELETE });
  ({ token } = await createApiToken(db, 'deleter', ['ingest', 'admin']));
});
after(async () => {
  await server.close();
  await closeGlobalDb();
  await db.drop();
});

const T0 = Date.parse('2025-02-27T04:00:00Z');
const auth = () => ({ authorization: `Bearer ${token}` });

/** An upload of `lines` request lines, made as the socket takes them; resolves with the answer. */
function streamUpload(file: string, lines: number): { answer: Promise<{ status: number; body: { files: { error?: string }[] } }>; stop: () => void } {
  let i = 0;
  const body = new Readable({
    read() {
      if (i >= lines) return void this.push(null);
      const chunk: string[] = [];
      for (const end = Math.min(lines, i + 2_000); i < end; i++) {
        chunk.push(JSON.stringify({ type: 'request', request_id: `big-${i}`, arrived_at: new Date(T0 + i * 5).toISOString(), input_tokens: 100 + (i % 50), output_tokens: 7 }));
      }
      this.push(`${chunk.join('\n')}\n`);
    },
  });
  const req = httpRequest(`${server.url}/api/v1/ingest?file=${file}`, { method: 'POST', headers: { ...auth(), 'transfer-encoding': 'chunked' } });
  const answer = new Promise<{ status: number; body: { files: { error?: string }[] } }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  body.pipe(req);
  return { answer, stop: () => (body.unpipe(req), req.end()) };
}

async function jobRow(file: string) {
  const { rows } = await db.pool.query<{ id: string; status: string; accepted: number; error: string | null }>(
    'SELECT id::text, status, accepted, error FROM ingest_job WHERE file_name = $1', [file]);
  return rows[0];
}
const storedRows = async (jobId: string) =>
  (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request WHERE job_id = $1', [jobId])).rows[0].n;

test('deleting a job mid-upload stops the ingest, waits for it, and leaves it deleted with no rows', async () => {
  const upload = streamUpload('big.jsonl', 3_000_000);
  let job = await jobRow('big.jsonl');
  for (const until = Date.now() + 60_000; !(job && job.accepted > 0); job = await jobRow('big.jsonl')) {
    assert.ok(Date.now() < until, 'the upload stored a batch');
    await new Promise((r) => setTimeout(r, 50));
  }
  const deleted = await fetch(`${server.url}/api/ingest/jobs/${job.id}`, { method: 'DELETE', headers: auth() });
  assert.equal(deleted.status, 200);
  assert.ok(((await deleted.json()) as { rows: number }).rows >= job.accepted, 'the rows stored so far were deleted');
  upload.stop();

  const answer = await upload.answer;
  assert.equal(answer.status, 422);
  assert.match(answer.body.files[0].error ?? '', /deleted while it was ingesting/);
  const after = await jobRow('big.jsonl');
  assert.equal(after.status, 'deleted');
  assert.equal(await storedRows(job.id), 0);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await storedRows(job.id), 0, 'no batch landed after the delete');
});

test('a job ingesting in another live process is a 409 saying so, and keeps its rows', async () => {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO ingest_job (channel, file_name, status, pid, heartbeat_at) VALUES ('cli', 'cli.jsonl', 'running', $1, now()) RETURNING id::text`,
    [process.ppid],
  );
  const res = await fetch(`${server.url}/api/ingest/jobs/${rows[0].id}`, { method: 'DELETE', headers: auth() });
  assert.equal(res.status, 409);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(error.code, 'conflict');
  assert.match(error.message, new RegExp(`still running in another process \\(pid ${process.ppid}, cli\\)`));
  assert.equal((await jobRow('cli.jsonl')).status, 'running');
});
