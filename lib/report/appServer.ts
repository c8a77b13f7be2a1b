import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { printPass, PRINT_PASS_ENV } from '@/lib/auth/printPass';
import { BIND_HOST_ENV } from '@/lib/auth/signInMode';
import { ensureBuild } from '@/lib/launch/build';
import { freePort } from '@/lib/launch/next';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

async function waitHealthy(base: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited()) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the app did not start (GET /api/health never answered 200)');
}

/**
 * Runs `fn` against a private instance of the app on a free local port, on the database at
 * `databaseUrl` (the build is made first when stale; logs go to stderr), then stops it. For a
 * CLI that prints a page without a running app.
 */
export async function withAppServer<T>(databaseUrl: string, fn: (baseUrl: string) => Promise<T>): Promise<T> {
  const root = process.cwd();
  await ensureBuild({ root, log: (line) => console.error(line), stdout: 'stderr' });
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    // The same print pass as this process's printer, and sign-in as on loopback.
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1', [PRINT_PASS_ENV]: printPass(), [BIND_HOST_ENV]: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, () => exited);
    return await fn(base);
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
  }
}
