import pg from 'pg';
import { getCitusVersion } from './citus/getCitusVersion';
import { getCoordinatorNode } from './citus/getCoordinatorNode';
import { getWorkerNodes, type WorkerNode } from './citus/getWorkerNodes';

/**
 * Whole databases on a server reached through its admin URL: the tests and the benchmarks
 * each work in a database of their own, created and dropped here. When the admin URL is a Citus
 * coordinator's, a database is the cluster's: created on every node, each with the citus
 * extension, and the workers added to it (Citus keeps its metadata per database).
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

/** The URL of the same database on another node of a cluster. */
function onNode(url: string, node: WorkerNode): string {
  const u = new URL(url);
  u.hostname = node.host;
  u.port = String(node.port);
  return u.toString();
}

interface Cluster {
  coordinator: WorkerNode;
  workers: WorkerNode[];
}

/** The Citus cluster the admin URL's database coordinates, or null for a plain server. */
async function clusterOf(admin: string): Promise<Cluster | null> {
  return withClient(admin, async (c) => {
    if ((await getCitusVersion(c)) === null) return null;
    const workers = await getWorkerNodes(c);
    if (!workers.length) return null;
    const u = new URL(admin);
    const coordinator = (await getCoordinatorNode(c)) ?? { host: u.hostname, port: Number(u.port || 5432) };
    return { coordinator, workers };
  });
}

const createOne = (admin: string, name: string) =>
  withClient(admin, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));

// Serialises cluster databases being created (any constant works): adding a node to a database
// also brings the roles up to date on the worker, and two at once fail ("tuple concurrently updated").
const CLUSTER_DATABASE_LOCK = 72707371;

/** Creates the empty database `name` (on every node of a Citus cluster); returns its URL. */
export async function createDatabase(admin: string, name: string): Promise<string> {
  const cluster = await clusterOf(admin);
  if (!cluster) {
    await createOne(admin, name);
    return databaseUrlFor(admin, name);
  }
  return withClient(admin, async (lock) => {
    await lock.query('SELECT pg_advisory_lock($1)', [CLUSTER_DATABASE_LOCK]);
    try {
      return await createClusterDatabase(admin, name, cluster);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [CLUSTER_DATABASE_LOCK]);
    }
  });
}

async function createClusterDatabase(admin: string, name: string, cluster: Cluster): Promise<string> {
  await createOne(admin, name);
  const url = databaseUrlFor(admin, name);
  for (const worker of cluster.workers) {
    await createOne(onNode(admin, worker), name);
    await withClient(onNode(url, worker), (c) => c.query('CREATE EXTENSION citus'));
  }
  await withClient(url, async (c) => {
    await c.query('CREATE EXTENSION citus');
    await c.query('SELECT citus_set_coordinator_host($1, $2)', [cluster.coordinator.host, cluster.coordinator.port]);
    for (const w of cluster.workers) await c.query('SELECT citus_add_node($1, $2)', [w.host, w.port]);
  });
  return url;
}

/** Drops the database `name` if it exists (on every node of a Citus cluster), closing its connections. */
export async function dropDatabase(admin: string, name: string): Promise<void> {
  const cluster = await clusterOf(admin);
  const urls = [admin, ...(cluster?.workers ?? []).map((w) => onNode(admin, w))];
  for (const url of urls) await withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
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
