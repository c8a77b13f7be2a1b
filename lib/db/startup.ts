import pg from 'pg';
import { loadDemo, type DemoLoad, type DemoSettings } from '@/lib/demo/demo';
import type { Db } from './client';
import { describeEmbeddedServer, embeddedServer, resolveDatabaseUrl, usesEmbeddedDatabase } from './config';
import { syncDayTier } from './ingest/syncDayTier';
import { migrate } from './migrate';

/** The database the app will use, migrated. */
export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  /** Where the embedded server keeps its data (null for DATABASE_URL's server). */
  location: string | null;
  /** Names of the migrations this call applied (empty when the schema was up to date). */
  applied: string[];
}

export async function applyMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'fleetledger-migrate' });
  await client.connect();
  try {
    const applied = await migrate(client);
    await syncDayTier(client);
    return applied;
  } finally {
    await client.end();
  }
}

/** DATABASE_URL's server, or the embedded one (started or reused), with every migration applied. */
export async function prepareDatabase(log?: (line: string) => void): Promise<PreparedDatabase> {
  const embedded = usesEmbeddedDatabase();
  const url = await resolveDatabaseUrl(log);
  const location = embedded ? describeEmbeddedServer(embeddedServer('app')) : null;
  return { url, embedded, location, applied: await applyMigrations(url) };
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
  /** The demo is in the database already (a restart). */
  present?: boolean;
  reason: string;
}

/**
 * Demo data goes only where it cannot pass for real data: an embedded database that has never
 * ingested anything, or any server when the user asks with --demo. "Never ingested" counts
 * deleted jobs too, so a user who removed the demo does not get it back on the next start.
 */
export async function decideDemoSeed(db: Db, { force = false, embedded = usesEmbeddedDatabase() }: DemoSeedOptions = {}): Promise<DemoSeedDecision> {
  const loaded = await db.prisma.ingestJob.count({ where: { demo: true, deletedAt: null } });
  if (loaded) return { seed: false, present: true, reason: 'already loaded; remove it with `npm run demo -- --remove`' };
  if (force) return { seed: true, reason: '--demo was given' };
  if (!embedded) return { seed: false, reason: 'DATABASE_URL is set; load demo data with `npm start -- --demo`' };
  if (await db.prisma.ingestJob.count()) return { seed: false, reason: 'the database already holds ingested data' };
  return { seed: true, reason: 'the embedded database is empty' };
}

/** What seedDemoIfEmpty did: its decision, and the load or why it failed. */
export interface DemoSeedOutcome extends DemoSeedDecision {
  loaded?: DemoLoad;
  error?: string;
}

/**
 * Start-up hook: loads the demo data set (lib/demo: the simulated reference day, tagged demo,
 * removable in one step) when decideDemoSeed says so. A failed load is reported, not thrown:
 * the app still starts.
 */
export async function seedDemoIfEmpty(db: Db, options: DemoSeedOptions & { settings?: Partial<DemoSettings> } = {}): Promise<DemoSeedOutcome> {
  const log = options.log ?? console.log;
  const decision = await decideDemoSeed(db, options);
  if (!decision.seed) {
    log(decision.present ? `demo data: ${decision.reason}` : `demo data: not loaded (${decision.reason})`);
    return decision;
  }
  log(`demo data: loading (${decision.reason})`);
  try {
    return { ...decision, loaded: await loadDemo(db, { settings: options.settings, log }) };
  } catch (e) {
    const error = (e as Error).message;
    log(`demo data: not loaded: ${error} (retry with \`npm run demo -- --remove\` then \`npm run demo -- --load\`)`);
    return { ...decision, error };
  }
}
