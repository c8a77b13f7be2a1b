import { BIND_HOST_ENV } from '@/lib/auth/signInMode';
import { countUsers } from '@/lib/auth/users';
import { closeDb, createDb } from '@/lib/db/client';
import { prepareDatabase, seedDemoIfEmpty } from '@/lib/db/startup';
import { ensureBuild } from './build';
import { assertPortFree, runNext } from './next';

export interface LaunchOptions {
  root: string;
  port: number;
  /** The address to listen on: 127.0.0.1 unless asked (`HOST=0.0.0.0` opens it to the network). */
  host: string;
  /** `next dev` (hot reload, no build) instead of `next start`. */
  dev?: boolean;
  /** Load demo data even on a DATABASE_URL server (`npm start -- --demo`). */
  demo?: boolean;
  log?: (line: string) => void;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

const CREATE_ADMIN = 'npm run user:create -- --email you@example.com --role admin';

/** What the start log says about sign-in: off only on loopback with no users. */
export function signInLine(host: string, users: number): string {
  if (users > 0) return `sign-in: on (${users} user${users === 1 ? '' : 's'})`;
  if (isLoopback(host)) return `sign-in: off (127.0.0.1 only, no users yet; anyone on this machine acts as admin). Turn it on: ${CREATE_ADMIN}`;
  return `sign-in: required (listening on ${host}) and no user exists yet: create the first admin with ${CREATE_ADMIN}`;
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
export async function launchApp({ root, port, host, dev = false, demo = false, log = console.log }: LaunchOptions): Promise<number> {
  await assertPortFree(port);
  const database = await prepareDatabase(log);
  log(`database: ${describeUrl(database.url)}${database.location ? ` (embedded PostgreSQL, ${database.location})` : ''}`);
  log(database.applied.length ? `migrations applied: ${database.applied.join(', ')}` : 'migrations: up to date');
  const db = createDb(database.url);
  let users: number;
  try {
    await seedDemoIfEmpty(db, { force: demo, embedded: database.embedded, log });
    users = await countUsers(db);
  } finally {
    await closeDb(db);
  }
  if (!dev) await ensureBuild({ root, log });
  log(`FleetLedger on http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  log(signInLine(host, users));
  const env = { DATABASE_URL: database.url, PORT: String(port), [BIND_HOST_ENV]: host };
  return runNext(dev ? 'dev' : 'start', ['--port', String(port), '--hostname', host], { root, env });
}
