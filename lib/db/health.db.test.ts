import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from './testing';
import { createDb, closeDb } from './client';
import { databaseHealth } from './health';
import { listMigrations } from './migrate';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('a migrated database is up and reports its applied migrations', async () => {
  assert.deepEqual(await databaseHealth(async () => db), { up: true, migrations: listMigrations().length });
});

test('a database with no migrations is not healthy', async () => {
  await db.pool.query('ALTER TABLE "_prisma_migrations" RENAME TO "_prisma_migrations_away"');
  try {
    assert.deepEqual(await databaseHealth(async () => db), { up: false, reason: 'The database has no migrations applied.' });
  } finally {
    await db.pool.query('ALTER TABLE "_prisma_migrations_away" RENAME TO "_prisma_migrations"');
  }
});

test('an unreachable server is reported as down', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const nowhere = createDb('postgresql://postgres@127.0.0.1:1/nowhere', 1);
  try {
    assert.deepEqual(await databaseHealth(async () => nowhere), { up: false, reason: 'The database is unreachable.' });
  } finally {
    await closeDb(nowhere);
  }
});

test('a database that does not answer in time is reported as down', async (t) => {
  t.mock.method(console, 'error', () => undefined);
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE "_prisma_migrations" IN ACCESS EXCLUSIVE MODE');
    assert.deepEqual(await databaseHealth(async () => db, 300), { up: false, reason: 'The database is unreachable.' });
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});
