import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFingerprint } from './fingerprint';
import { runNext, type NextRun } from './next';

/**
 * `next build` only when the sources changed since the last one: the fingerprint of the build's
 * inputs is stored inside .next after a successful build, so a missing, interrupted or stale
 * build is rebuilt and a current one starts at once.
 */
const FINGERPRINT_FILE = path.join('.next', 'fleetledger-sources.sha256');
// Outside .next, which `next build` empties; .data/ is the project's untracked state folder.
const LOCK_DIR = path.join('.data', 'next-build.lock');
const LOCK_WAIT_MS = 15 * 60_000;

export function buildIsCurrent(root: string, fingerprint = sourceFingerprint(root)): boolean {
  const file = path.join(root, FINGERPRINT_FILE);
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(file)) return false;
  return readFileSync(file, 'utf8').trim() === fingerprint;
}

function lockHolder(lock: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** One build at a time per checkout (engineers and test runs share it); a dead holder's lock is taken over. */
async function acquireBuildLock(root: string, log: (line: string) => void): Promise<() => void> {
  const lock = path.join(root, LOCK_DIR);
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = lockHolder(lock);
    if (holder === null) {
      // Either a dead holder, or one that has made the folder but not yet written its pid.
      await new Promise((r) => setTimeout(r, 500));
      if (lockHolder(lock) === null) rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another build (pid ${holder}) holds ${lock}`);
    if (!announced) log(`waiting for another build of this checkout (pid ${holder}) …`);
    announced = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface EnsureBuildOptions extends Pick<NextRun, 'stdout'> {
  root: string;
  log?: (line: string) => void;
}

/** Builds the app when its build is missing or stale; returns whether it built. */
export async function ensureBuild({ root, log = console.log, stdout }: EnsureBuildOptions): Promise<boolean> {
  if (buildIsCurrent(root)) return false;
  const release = await acquireBuildLock(root, log);
  try {
    const fingerprint = sourceFingerprint(root);
    if (buildIsCurrent(root, fingerprint)) return false; // built meanwhile by the process we waited for
    log('building the web app (sources changed since the last build) …');
    rmSync(path.join(root, FINGERPRINT_FILE), { force: true });
    const started = Date.now();
    const code = await runNext('build', [], { root, stdout });
    if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
    writeFileSync(path.join(root, FINGERPRINT_FILE), fingerprint + '\n');
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return true;
  } finally {
    release();
  }
}
