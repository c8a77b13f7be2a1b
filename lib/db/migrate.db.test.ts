import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from './testing';
import { listMigrations, migrate } from './migrate';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('records every migration as prisma migrate deploy would, with the sha256 of the file', async () => {
  const { rows } = await db.pool.query(
    `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished
       FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  const files = listMigrations();
  assert.deepEqual(
    rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.finished]),
    files.map((m) => [m.name, m.checksum, 1, true]),
  );
});

test('running the migrations again applies nothing', async () => {
  const client = await db.pool.connect();
  try {
    assert.deepEqual(await migrate(client), []);
  } finally {
    client.release();
  }
});

test('the relational tables answer through Prisma', async () => {
  const job = await db.prisma.ingestJob.create({ data: { channel: 'cli', fileName: 'x.jsonl', status: 'running' } });
  assert.equal(typeof job.id, 'bigint');
  assert.equal(await db.prisma.ingestJob.count(), 1);
});
