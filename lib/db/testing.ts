import { randomBytes } from 'node:crypto';
import { createDb, closeDb, type Db } from './client';
import { createDatabase, dropDatabase } from './databases';
import { syncDayTier } from './ingest/syncDayTier';
import { migrate } from './migrate';
import { distributeOnCitus } from './citus/distribute';

/**
 * Integration tests get a fresh, migrated database each, on the server that `npm test`
 * prepared (FLEETLEDGER_TEST_ADMIN_URL: the embedded test server, or DATABASE_URL's), or on the
 * Citus cluster `npm run test:citus` names, there distributed as `npm run db:distribute` does.
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

// Enough to spread every distributed table over both workers with several shards each; the
// default 32 makes each test database (and each day partition) eight times the DDL.
const TEST_SHARDS = 4;

export async function createTestDb(): Promise<TestDb> {
  const admin = testAdminUrl();
  const name = `fl_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = createDb(await createDatabase(admin, name), 4);
  const client = await db.pool.connect();
  try {
    await migrate(client);
    await distributeOnCitus(client, { shardCount: TEST_SHARDS });
    await syncDayTier(client);
  } finally {
    client.release(true); // a session opened before distribute lacks the settings it gives the database
  }
  return {
    ...db,
    drop: async () => {
      await closeDb(db);
      await dropDatabase(admin, name);
    },
  };
}
