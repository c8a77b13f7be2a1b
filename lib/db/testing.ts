import { randomBytes } from 'node:crypto';
import { createDb, closeDb, type Db } from './client';
import { createDatabase, dropDatabase } from './databases';
import { migrate } from './migrate';

/**
 * Integration tests get a fresh, migrated database each, on the server that `npm test`
 * prepared (FLEETLEDGER_TEST_ADMIN_URL: the embedded test server, or DATABASE_URL's).
 */
export interface TestDb extends Db {
  drop(): Promise<void>;
}

/** The admin URL of the server `npm test` prepared for the integration tests. */
export function testAdminUrl(): string {
  const url = process.env.FLEETLEDGER_TEST_ADMIN_URL;
  if (!url) throw new Error('FLEETLEDGER_TEST_ADMIN_URL is not set: run the tests with `npm test`');
  return url;
}

export async function createTestDb(): Promise<TestDb> {
  const admin = testAdminUrl();
  const name = `fl_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = createDb(await createDatabase(admin, name), 4);
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
      await dropDatabase(admin, name);
    },
  };
}
