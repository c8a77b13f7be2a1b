import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GET } from '@/app/api/v1/metrics/[view]/route';
import { GET as reportJson } from '@/app/reports/daily/[date]/json/route';
import { createApiToken } from '@/lib/auth/tokens';
import { closeGlobalDb, getDb, getReadDb, readTimeoutMs } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { ingestFile } from '@/lib/ingest/ingest';
import { recordToJsonLine } from '@/lib/simulate/serialize';
import { TEST_FLEET } from './testFleet';

let db: TestDb;
let token: string;
const dir = mkdtempSync(path.join(tmpdir(), 'fl-read-timeout-'));
const previous = process.env.FLEETLEDGER_READ_TIMEOUT_MS;

before(async () => {
  db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  process.env.FLEETLEDGER_READ_TIMEOUT_MS = '1'; // every read statement that takes a millisecond is cut
  const file = path.join(dir, 'fleet.jsonl');
  writeFileSync(file, TEST_FLEET.map(recordToJsonLine).join('\n') + '\n');
  assert.equal((await ingestFile(db, file, { channel: 'cli' })).rejected, 0);
  token = (await createApiToken(db, 'timeout-test')).token;
});
after(async () => {
  await closeGlobalDb();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
  if (previous === undefined) delete process.env.FLEETLEDGER_READ_TIMEOUT_MS;
  else process.env.FLEETLEDGER_READ_TIMEOUT_MS = previous;
});

test('the read timeout defaults to 15 s and refuses a value that is not milliseconds', () => {
  assert.equal(readTimeoutMs({}), 15_000);
  assert.equal(readTimeoutMs({ FLEETLEDGER_READ_TIMEOUT_MS: '250' }), 250);
  assert.throws(() => readTimeoutMs({ FLEETLEDGER_READ_TIMEOUT_MS: '15s' }), /FLEETLEDGER_READ_TIMEOUT_MS="15s" is not a whole number of milliseconds/);
});

test('the read handle cuts a long statement with SQLSTATE 57014; the write handle does not', async () => {
  await assert.rejects((await getReadDb()).pool.query('SELECT pg_sleep(0.2)'), (e: unknown) => (e as { code?: string }).code === '57014');
  await (await getDb()).pool.query('SELECT pg_sleep(0.01)');
});

test('the read handle cannot write', async () => {
  await assert.rejects((await getReadDb()).pool.query('CREATE TABLE scratch (id int)'), (e: unknown) => (e as { code?: string }).code === '25006');
});

test('a view or report whose query is cut answers 503 "took too long: narrow the range" in the envelope', async () => {
  const headers = { authorization: `Bearer ${token}` };
  const responses = [
    await GET(new Request('http://localhost/api/v1/metrics/overview?from=2025-03-01T00:00:00Z&to=2025-03-31T00:00:00Z&tz=UTC', { headers }), { params: Promise.resolve({ view: 'overview' }) }),
    await reportJson(new Request('http://localhost/reports/daily/2025-03-05/json?tz=UTC&dayStart=00:00', { headers }), { params: Promise.resolve({ date: '2025-03-05' }) }),
  ];
  for (const response of responses) {
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'query_timeout');
    assert.match(body.error.message, /took too long: narrow the range/);
  }
});
