import pg from 'pg';
import type { Db } from './client';
import { resolveDatabaseUrl, usesEmbeddedDatabase } from './config';
import { migrate } from './migrate';

/** The database the app will use, migrated. */
export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  /** Names of the migrations this call applied (empty when the schema was up to date). */
  applied: string[];
}

export async function applyMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'fleetledger-migrate' });
  await client.connect();
  try {
    return await migrate(client);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL's server, or the embedded one (started or reused), with every migration applied. */
export async function prepareDatabase(): Promise<PreparedDatabase> {
  const embedded = usesEmbeddedDatabase();
  const url = await resolveDatabaseUrl();
  return { url, embedded, applied: await applyMigrations(url) };
}

export interface DemoSeedOptions {
  /** `npm start -- --demo`: load the demo unless it is already loaded, whatever the server. */
  force?: boolean;
  /** The database is the embedded one (the default when DATABASE_URL is unset). */
  embedded?: boolean;
  log?: (line: string) => void;
}

export interface DemoSeedDecision {
  seed: boolean;
  reason: string;
}

/**
 * Demo data goes only where it cannot pass for real data: an embedded database that has never
 * ingested anything, or any server when the user asks with --demo. "Never ingested" counts
 * deleted jobs too, so a user who removed the demo does not get it back on the next start.
 */
export async function decideDemoSeed(db: Db, { force = false, embedded = usesEmbeddedDatabase() }: DemoSeedOptions = {}): Promise<DemoSeedDecision> {
  if (force) {
    const loaded = await db.prisma.ingestJob.count({ where: { demo: true, deletedAt: null } });
    return loaded ? { seed: false, reason: 'demo data is already loaded' } : { seed: true, reason: '--demo was given' };
  }
  if (!embedded) return { seed: false, reason: 'DATABASE_URL is set; load demo data with `npm start -- --demo`' };
  if (await db.prisma.ingestJob.count()) return { seed: false, reason: 'the database already holds ingested data' };
  return { seed: true, reason: 'the embedded database is empty' };
}

/**
 * Start-up hook: loads the demo data set (tagged demo, removable as one ingest job) when
 * decideDemoSeed says so. The loader itself belongs to the ingest pipeline and is wired there.
 */
export async function seedDemoIfEmpty(db: Db, options: DemoSeedOptions = {}): Promise<DemoSeedDecision> {
  const log = options.log ?? console.log;
  const decision = await decideDemoSeed(db, options);
  if (!decision.seed) log(`demo data: not loaded (${decision.reason})`);
  else log(`demo data: ${decision.reason}, but the demo loader is not wired yet; nothing loaded`);
  return decision;
}
