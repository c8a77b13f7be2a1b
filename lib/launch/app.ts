import { closeDb, createDb } from '@/lib/db/client';
import { prepareDatabase, seedDemoIfEmpty } from '@/lib/db/startup';
import { ensureBuild } from './build';
import { assertPortFree, runNext } from './next';

export interface LaunchOptions {
  root: string;
  port: number;
  /** `next dev` (hot reload, no build) instead of `next start`. */
  dev?: boolean;
  /** Load demo data even on a DATABASE_URL server (`npm start -- --demo`). */
  demo?: boolean;
  log?: (line: string) => void;
}

/** A connection URL safe to print: no password. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}

/**
 * `npm start` / `npm run dev`: database (DATABASE_URL or embedded), migrations, demo data when
 * due, a build when stale, then Next.js in the foreground. Resolves with the server's exit code;
 * the embedded server keeps running after the app stops (`npm run db -- stop` stops it).
 */
export async function launchApp({ root, port, dev = false, demo = false, log = console.log }: LaunchOptions): Promise<number> {
  await assertPortFree(port);
  const database = await prepareDatabase();
  log(`database: ${describeUrl(database.url)}${database.embedded ? ' (embedded PostgreSQL, data in .data/pg)' : ''}`);
  log(database.applied.length ? `migrations applied: ${database.applied.join(', ')}` : 'migrations: up to date');
  const db = createDb(database.url);
  try {
    await seedDemoIfEmpty(db, { force: demo, embedded: database.embedded, log });
  } finally {
    await closeDb(db);
  }
  if (!dev) await ensureBuild({ root, log });
  log(`FleetLedger on http://localhost:${port}`);
  return runNext(dev ? 'dev' : 'start', ['--port', String(port)], { root, env: { DATABASE_URL: database.url, PORT: String(port) } });
}
