import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { closeGlobalDb, getDb, getReadDb, readTimeoutMs } from './client';
import { createTestDb, type TestDb } from './testing';
import { route } from '@/lib/http/route';

let db: TestDb;

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url; // getDb() and getReadDb()
  process.env.FLEETLEDGER_READ_TIMEOUT_MS = '100';
});
after(async () => {
  await closeGlobalDb();
  await db.drop();
});

test('the read timeout defaults to 15 s and refuses a value that is not whole milliseconds', () => {
  assert.equal(readTimeoutMs({}), 15_000);
  assert.equal(readTimeoutMs({ FLEETLEDGER_READ_TIMEOUT_MS: '250' }), 250);
  for (const bad of ['0', '1.5', 'soon', '-3']) assert.throws(() => readTimeoutMs({ FLEETLEDGER_READ_TIMEOUT_MS: bad }), /whole number of milliseconds/);
});

test('a read longer than the timeout is cancelled with SQLSTATE 57014; the write handle is not limited', async () => {
  const read = await getReadDb();
  assert.equal((await read.pool.query('SELECT 1 AS one')).rows[0].one, 1);
  await assert.rejects(read.pool.query('SELECT pg_sleep(2)'), (e: Error & { code?: string }) => e.code === '57014');
  await (await getDb()).pool.query('SELECT pg_sleep(0.3)');
});

test('the read handle cannot write', async () => {
  const read = await getReadDb();
  await assert.rejects(read.pool.query('CREATE TABLE scratch (id int)'), (e: Error & { code?: string }) => e.code === '25006');
});

test('a route whose read times out answers 503 in the envelope saying to narrow the range', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const handler = route(async () => {
    await (await getReadDb()).pool.query('SELECT pg_sleep(2)');
    return Response.json({});
  });
  const response = await handler(new Request('http://localhost/api/v1/metrics/overview'), {});
  assert.equal(response.status, 503);
  const body = await response.json();
  assert.equal(body.error.code, 'query_timeout');
  assert.match(body.error.message, /took too long: narrow the range/);
});
