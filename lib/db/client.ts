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

/** A read-only handle: every statement cut after statementTimeoutMs, and no transaction may write. */
export interface ReadOnly {
  statementTimeoutMs: number;
}

// No JIT: over tables of millions of rollup rows the planner's estimates pass jit_above_cost, and
// compiling a view's query (~100 functions) took 0.8 s of its 0.86 s on a 90-day fleet.
const SESSION_OPTIONS = '-c jit=off';

export function createDb(url: string, poolSize = 10, readOnly?: ReadOnly): Db {
  const pool = new pg.Pool({
    connectionString: url, max: poolSize, application_name: 'fleetledger',
    options: readOnly === undefined ? SESSION_OPTIONS : `${SESSION_OPTIONS} -c default_transaction_read_only=on`,
    ...(readOnly === undefined ? {} : { statement_timeout: readOnly.statementTimeoutMs }),
  });
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

const globalForDb = globalThis as unknown as { fleetDb?: Promise<Db>; fleetReadDb?: Promise<Db> };

/** The process-wide database (one per process; survives Next.js hot reloads). */
export function getDb(): Promise<Db> {
  globalForDb.fleetDb ??= resolveDatabaseUrl().then((url) => createDb(url));
  return globalForDb.fleetDb;
}

/** How long one statement of a page or a metrics/report read may run (FLEETLEDGER_READ_TIMEOUT_MS, default 15 s). */
export function readTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.FLEETLEDGER_READ_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 15_000;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new Error(`FLEETLEDGER_READ_TIMEOUT_MS="${raw}" is not a whole number of milliseconds from 1`);
  return Number(raw);
}

/**
 * The process-wide database for the read path (views, reports): the same server, its own pool,
 * every statement cut at readTimeoutMs(), so no dashboard request runs unbounded. A statement cut
 * there fails with SQLSTATE 57014, which the route layer answers as 503.
 */
export function getReadDb(): Promise<Db> {
  globalForDb.fleetReadDb ??= resolveDatabaseUrl().then((url) => createDb(url, 10, { statementTimeoutMs: readTimeoutMs() }));
  return globalForDb.fleetReadDb;
}

export async function closeGlobalDb(): Promise<void> {
  const dbs = [globalForDb.fleetDb, globalForDb.fleetReadDb];
  globalForDb.fleetDb = undefined;
  globalForDb.fleetReadDb = undefined;
  for (const db of dbs) if (db) await closeDb(await db);
}
