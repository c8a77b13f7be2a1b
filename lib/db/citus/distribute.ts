import type pg from 'pg';
import { MIGRATION_LOCK, pendingMigrations } from '../migrate';
import { applyCitusLayout, type LayoutOptions, type PlacedTable } from './applyLayout';
import { getCitusVersion } from './getCitusVersion';
import { getWorkerNodes } from './getWorkerNodes';

export interface Distribution {
  citusVersion: string;
  workers: number;
  placed: PlacedTable[];
}

/**
 * Turns a migrated database on a Citus coordinator into the distributed layout
 * (lib/db/citus/layout.ts). Idempotent; holds the migration lock, so it never runs beside `migrate`.
 */
export async function distribute(client: pg.ClientBase, options: LayoutOptions = {}): Promise<Distribution> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    const citusVersion = await getCitusVersion(client);
    if (citusVersion === null) {
      throw new Error('the citus extension is not created in this database: CREATE EXTENSION citus, add the workers (citus_add_node), then run this again');
    }
    const pending = await pendingMigrations(client);
    if (pending.length) throw new Error(`${pending.length} migrations are not applied yet (${pending[0]}…): run npm run migrate first`);
    const workers = (await getWorkerNodes(client)).length;
    return { citusVersion, workers, placed: await applyCitusLayout(client, options) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/** Distributes the database when it is on a Citus coordinator; a plain server's is left as it is. */
export async function distributeOnCitus(client: pg.ClientBase, options: LayoutOptions = {}): Promise<boolean> {
  if ((await getCitusVersion(client)) === null) return false;
  await distribute(client, options);
  return true;
}
