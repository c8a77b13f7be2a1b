import path from 'node:path';
import { startEmbeddedPostgres } from './embedded';

/** Where the app's embedded PostgreSQL lives when no DATABASE_URL is given. */
export const EMBEDDED_DEFAULTS = {
  dataDir: path.join(process.cwd(), '.data', 'pg'),
  port: 54320,
  database: 'fleetledger',
};

let resolved: Promise<string> | undefined;

/** True when the database is the embedded one (the demo may then seed itself). */
export function usesEmbeddedDatabase(): boolean {
  return !process.env.DATABASE_URL;
}

/** DATABASE_URL when set; otherwise the embedded server, started or reused. */
export function resolveDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return Promise.resolve(process.env.DATABASE_URL);
  resolved ??= startEmbeddedPostgres({
    dataDir: process.env.FLEETLEDGER_DATA_DIR ?? EMBEDDED_DEFAULTS.dataDir,
    port: Number(process.env.FLEETLEDGER_PG_PORT ?? EMBEDDED_DEFAULTS.port),
    database: EMBEDDED_DEFAULTS.database,
  });
  return resolved;
}
