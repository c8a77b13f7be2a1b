import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { closeGlobalDb } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { MAX_JSON_BYTES } from '@/lib/http/body';
import { serveRoutes, type RouteServer } from '@/lib/testing/routeServer';

// A JSON route (sign-in, public) on a real HTTP server: its body limit holds while the body streams.
let db: TestDb;
let server: RouteServer;

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  const { POST } = await import('./route');
  server = await serveRoutes({ 'POST /api/auth/signin': POST });
});
after(async () => {
  await server.close();
  await closeGlobalDb();
  await db.drop();
});

const HUGE = 150 * 1024 * 1024;

/** A JSON body of `size` bytes made as the socket takes it; resolves with the answer and the bytes the client had produced by then. */
function postHuge(size: number, declareLength: boolean): Promise<{ status: number; body: { error: { code: string; message: string } }; produced: number }> {
  let produced = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const body = new Readable({
    read() {
      if (produced === 0) {
        produced += 1;
        this.push('{');
      } else if (produced >= size) this.push(null);
      else {
        produced += chunk.length;
        this.push(chunk);
      }
    },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(size) } : {}) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}/api/auth/signin`, { method: 'POST', headers }, (res) => {
      const at = produced;
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        req.destroy();
        body.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), produced: at });
      });
    });
    req.on('error', reject);
    body.pipe(req);
  });
}

test('a 150 MB JSON body streamed without a length is refused with 413 after little more than the limit', async () => {
  const answer = await postHuge(HUGE, false);
  assert.equal(answer.status, 413);
  assert.equal(answer.body.error.code, 'too_large');
  assert.match(answer.body.error.message, new RegExp(`limit of ${MAX_JSON_BYTES} bytes`));
  // The server answered long before the client had made the whole body: it stopped reading at the limit.
  assert.ok(answer.produced < HUGE / 4, `the client had produced ${answer.produced} bytes when the answer came`);
});

test('a declared 150 MB Content-Length is refused with 413 before the body is read', async () => {
  const answer = await postHuge(HUGE, true);
  assert.equal(answer.status, 413);
  assert.match(answer.body.error.message, new RegExp(`is ${HUGE} bytes; the limit is ${MAX_JSON_BYTES} bytes`));
  assert.ok(answer.produced < HUGE / 4, `the client had produced ${answer.produced} bytes when the answer came`);
});
