import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { pgArray } from './pgArray';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('PostgreSQL reads the literals back as the same values', async () => {
  const texts = ['api', 'a"b', 'c\\d', '', 'NULL', 'x,y', '{z}', ' sp '];
  const { rows } = await db.pool.query('SELECT $1::text[] AS t, $2::float8[] AS f, $3::timestamptz[] AS ts', [
    pgArray(texts), pgArray([1.5, null, 1e300]), pgArray(['2025-02-27T04:00:00.123456Z']),
  ]);
  assert.deepEqual(rows[0].t, texts);
  assert.deepEqual(rows[0].f, [1.5, null, 1e300]);
  assert.equal(rows[0].ts[0].toISOString(), '2025-02-27T04:00:00.123Z');
});
