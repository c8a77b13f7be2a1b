/**
 * npm run test:clone: what a new user gets. Clones this checkout's HEAD into a new folder that
 * nothing sits beside (a `mktemp -d`, mode 0700: as root, user postgres cannot enter it), runs
 * `npm ci` and the unit and integration suites there on embedded servers of their own, then
 * stops those servers and removes the clone and its data.
 * Usage: npm run test:clone [-- --keep]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { embeddedServer } from '@/lib/db/config';
import { stopEmbeddedPostgres } from '@/lib/db/embedded';
import { freePort } from '@/lib/launch/next';

const opts = new Command('test:clone')
  .description("clone HEAD into an empty 0700 folder and run the unit and integration suites there, as a new user would")
  .option('--keep', 'keep the clone and its servers afterwards (to look into a failure)')
  .parse()
  .opts<{ keep?: boolean }>();

function step(title: string, cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

async function main(): Promise<number> {
  const home = mkdtempSync(path.join(tmpdir(), 'fleetledger-clone-'));
  const clone = path.join(home, 'fleetledger');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    // Servers of its own, beside any this checkout runs.
    FLEETLEDGER_PG_PORT: String(await freePort()),
    FLEETLEDGER_TEST_PG_PORT: String(await freePort()),
  };
  for (const key of ['DATABASE_URL', 'FLEETLEDGER_DATA_DIR', 'FLEETLEDGER_TEST_DATA_DIR', 'FLEETLEDGER_TEST_ADMIN_URL']) delete env[key];
  try {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', process.cwd(), clone], { stdio: 'inherit' });
    console.log(`cloned ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim()} into ${clone}`);
    step('npm ci', 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], clone, env);
    step('npm test -- --skip-e2e --skip-static', 'npm', ['test', '--', '--skip-e2e', '--skip-static'], clone, env);
    return 0;
  } catch (e) {
    console.error(`test:clone: ${(e as Error).message}`);
    return 1;
  } finally {
    if (!opts.keep && existsSync(clone)) {
      for (const kind of ['app', 'test'] as const) {
        const server = embeddedServer(kind, clone);
        stopEmbeddedPostgres(server.dataDir);
        if (server.relocatedBecause) rmSync(path.dirname(server.dataDir), { recursive: true, force: true });
      }
    }
    if (!opts.keep) rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
