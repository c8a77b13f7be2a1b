import path from 'node:path';
import { startEmbeddedPostgres } from './embedded';
import { embeddedDataRoot } from './serverFiles';

/**
 * The checkout's two embedded PostgreSQL servers: the app's (`npm start`, the CLIs) and the
 * test suite's, each with its data folder and port. Every command derives them the same way
 * from the checkout, so each finds the server another started.
 */
export type EmbeddedServerKind = 'app' | 'test';

export interface EmbeddedServer {
  kind: EmbeddedServerKind;
  dataDir: string;
  port: number;
  database: string;
  /** Why the data is outside the checkout, when it is (see lib/db/serverFiles.ts). */
  relocatedBecause?: string;
}

const SERVERS = {
  app: { folder: 'pg', port: 54320, database: 'fleetledger', dataEnv: 'FLEETLEDGER_DATA_DIR', portEnv: 'FLEETLEDGER_PG_PORT' },
  test: { folder: 'pg-test', port: 54321, database: 'postgres', dataEnv: 'FLEETLEDGER_TEST_DATA_DIR', portEnv: 'FLEETLEDGER_TEST_PG_PORT' },
} as const;

/** The embedded server of `kind` for the checkout at `checkout` (the working directory of npm scripts). */
export function embeddedServer(kind: EmbeddedServerKind, checkout = process.cwd()): EmbeddedServer {
  const spec = SERVERS[kind];
  const port = Number(process.env[spec.portEnv] ?? spec.port);
  const explicit = process.env[spec.dataEnv];
  if (explicit) return { kind, dataDir: path.resolve(explicit), port, database: spec.database };
  const root = embeddedDataRoot(checkout);
  // A template, not path.join: the build's file tracer reads a path.join it cannot resolve as the
  // whole project being an input, and this is a folder of the running server.
  const dataDir = `${root.dir}/${spec.folder}`;
  return { kind, dataDir, port, database: spec.database, relocatedBecause: root.relocatedBecause };
}

/** Where a server's data lives, for logs: the folder, and why it is outside the checkout when it is. */
export function describeEmbeddedServer(server: EmbeddedServer): string {
  return `data in ${server.dataDir}${server.relocatedBecause ? ` (outside the checkout: ${server.relocatedBecause})` : ''}`;
}

let resolved: Promise<string> | undefined;

/** True when the database is the embedded one (the demo may then seed itself). */
export function usesEmbeddedDatabase(): boolean {
  return !process.env.DATABASE_URL;
}

/** DATABASE_URL when set; otherwise the app's embedded server, started or reused. */
export function resolveDatabaseUrl(log?: (line: string) => void): Promise<string> {
  if (process.env.DATABASE_URL) return Promise.resolve(process.env.DATABASE_URL);
  resolved ??= startEmbeddedPostgres({ ...embeddedServer('app'), log });
  return resolved;
}
