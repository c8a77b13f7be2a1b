import { getDb, type Db } from './client';

export type DatabaseHealth =
  | { up: true; migrations: number }
  | { up: false; reason: string };

const TIMEOUT_MS = 5000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function countAppliedMigrations(connect: () => Promise<Db>): Promise<number> {
  const db = await connect();
  const { rows } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return rows[0].n;
}

/** Whether the database answers a real query, and how many migrations it has applied. */
export async function databaseHealth(connect: () => Promise<Db> = getDb, timeoutMs = TIMEOUT_MS): Promise<DatabaseHealth> {
  try {
    const migrations = await withTimeout(countAppliedMigrations(connect), timeoutMs);
    if (migrations === 0) return { up: false, reason: 'The database has no migrations applied.' };
    return { up: true, migrations };
  } catch (error) {
    const missingTable = (error as { code?: unknown }).code === '42P01';
    if (!missingTable) console.error('health check:', error);
    return { up: false, reason: missingTable ? 'The database has no migrations applied.' : 'The database is unreachable.' };
  }
}
