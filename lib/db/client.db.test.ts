import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, testAdminUrl, type TestDb } from './testing';
import { closeDb, createDb } from './client';
import { withClient } from './databases';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('an idle connection the server ends leaves the process up, and the next query reconnects', async () => {
  const client = await db.pool.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  client.release();
  await withClient(testAdminUrl(), (admin) => admin.query('SELECT pg_terminate_backend($1::int)', [rows[0].pid]));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const again = await db.pool.query<{ one: number }>('SELECT 1 AS one');
  assert.equal(again.rows[0].one, 1);
});

test('the app plans without JIT, on the read-only handle too (compiling cost more than running)', async () => {
  const read = createDb(db.url, 1, { statementTimeoutMs: 5_000 });
  try {
    for (const pool of [db.pool, read.pool]) assert.equal((await pool.query<{ jit: string }>('SHOW jit')).rows[0].jit, 'off');
    assert.equal((await read.pool.query<{ ro: string }>(`SELECT current_setting('default_transaction_read_only') AS ro`)).rows[0].ro, 'on');
  } finally {
    await closeDb(read);
  }
});
