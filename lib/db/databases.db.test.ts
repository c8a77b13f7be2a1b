import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { createDatabase, databaseExists, databaseUrlFor, dropDatabase, withClient } from './databases';
import { testAdminUrl } from './testing';

test('a database is created with a URL of its own, and dropped while a connection holds it', async () => {
  const admin = testAdminUrl();
  const name = `fl_databases_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(admin, name);
  assert.equal(url, databaseUrlFor(admin, name));
  assert.equal(await databaseExists(admin, name), true);
  assert.equal(await withClient(url, async (c) => (await c.query('SELECT current_database() AS db')).rows[0].db), name);
  const holder = new pg.Client({ connectionString: url });
  holder.on('error', () => undefined); // the drop ends its session
  await holder.connect();
  await dropDatabase(admin, name);
  assert.equal(await databaseExists(admin, name), false);
  await dropDatabase(admin, name); // dropping what is gone is not an error
  await holder.end().catch(() => undefined);
});

test('a database URL keeps the server, user and options of the admin URL', () => {
  assert.equal(
    databaseUrlFor('postgresql://postgres:pw@127.0.0.1:54321/postgres?sslmode=disable', 'fl_x'),
    'postgresql://postgres:pw@127.0.0.1:54321/fl_x?sslmode=disable',
  );
});
