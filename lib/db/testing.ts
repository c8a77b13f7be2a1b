import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, closeDb, type Db } from './client';
import { migrate } from './migrate';

/**
 * Integration tests get a fresh, migrated database each, on the server that `npm test`
 * prepared (FLEETLEDGER_TEST_ADMIN_URL: the embedded test server, or DATABASE_URL's).
 */
export interface TestDb extends Db {
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.FLEETLEDGER_TEST_ADMIN_URL;
  if (!url) throw new Error('FLEETLEDGER_TEST_ADMIN_URL is not set: run the tests with `npm test`');
  return url;
}

export function databaseUrlFor(admin: string, database: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDb(): Promise<TestDb> {
  const admin = adminUrl();
  const name = `fl_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const db = createDb(databaseUrlFor(admin, name), 4);
  const client = await db.pool.connect();
  try {
    await migrate(client);
  } finally {
    client.release();
  }
  return {
    ...db,
    drop: async () => {
      await closeDb(db);
      await withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
