import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { closeDb, createDb, type Db } from '@/lib/db/client';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { QueryTimeout } from './errors';
import { unlessTimedOut } from './unlessTimedOut';

let db: TestDb;
let read: Db;

before(async () => {
  db = await createTestDb();
  read = createDb(db.url, 1, { statementTimeoutMs: 20 });
});
after(async () => {
  await closeDb(read);
  await db.drop();
});

test('a page load cut by the read timeout comes back as the timeout, its message for the page', async () => {
  const loaded = await unlessTimedOut(read.pool.query('SELECT pg_sleep(0.5)'));
  assert.ok('timedOut' in loaded);
  assert.ok(loaded.timedOut instanceof QueryTimeout);
  assert.match(loaded.timedOut.message, /took too long/);
});

test('a load that finishes is its value; any other failure is thrown on', async () => {
  assert.deepEqual(await unlessTimedOut(read.pool.query('SELECT 1 AS one').then((r) => r.rows)), { value: [{ one: 1 }] });
  await assert.rejects(unlessTimedOut(read.pool.query('SELECT * FROM no_such_table')), /no_such_table/);
});
