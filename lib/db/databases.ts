import pg from 'pg';

/**
 * Whole databases on a server reached through its admin URL: the tests and the benchmarks
 * each work in a database of their own, created and dropped here.
 */

/** The URL of `database` on the admin URL's server (same user, host and options). */
export function databaseUrlFor(admin: string, database: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `fn` on a connection of its own to `url`, closed afterwards. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the empty database `name`; returns its URL. */
export async function createDatabase(admin: string, name: string): Promise<string> {
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  return databaseUrlFor(admin, name);
}

/** Drops the database `name` if it exists, closing its connections. */
export async function dropDatabase(admin: string, name: string): Promise<void> {
  await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

export async function databaseExists(admin: string, name: string): Promise<boolean> {
  const { rowCount } = await withClient(admin, (c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  return Boolean(rowCount);
}

/** Creates the database `name` unless it exists; returns whether it did. */
export async function ensureDatabase(admin: string, name: string): Promise<boolean> {
  if (await databaseExists(admin, name)) return false;
  await createDatabase(admin, name);
  return true;
}
