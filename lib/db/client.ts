import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { resolveDatabaseUrl } from './config';

// int8 columns (counts, token sums) are read as numbers: they stay below 2^53. Money is never
// read as float: money queries return text and are parsed with decimal.js.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Everything lib/ needs to reach the database: raw SQL through `pool`, relational tables through `prisma`. */
export interface Db {
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
}

export function createDb(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'fleetledger' });
  // An idle connection the server ends (a restart, an admin's terminate) emits 'error' on the
  // pool; unheard, that kills the process. The pool drops the connection and opens another.
  pool.on('error', (e) => console.warn(`database connection lost while idle: ${e.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { url, pool, prisma };
}

export async function closeDb(db: Db): Promise<void> {
  await db.prisma.$disconnect();
  await db.pool.end();
}

const globalForDb = globalThis as unknown as { fleetDb?: Promise<Db> };

/** The process-wide database (one per process; survives Next.js hot reloads). */
export function getDb(): Promise<Db> {
  globalForDb.fleetDb ??= resolveDatabaseUrl().then((url) => createDb(url));
  return globalForDb.fleetDb;
}

export async function closeGlobalDb(): Promise<void> {
  const db = globalForDb.fleetDb;
  globalForDb.fleetDb = undefined;
  if (db) await closeDb(await db);
}
