/**
 * npm test: every suite against real parts.
 *   0. the static checks, one test each: the type check (npm run typecheck) and the lint
 *      (npm run lint, where a warning fails too); skipped with --skip-static, with --only-e2e
 *      and when filtered to some files;
 *   1. unit + integration tests (node:test) against a fresh database each, on the embedded
 *      test server (.data/pg-test, port 54321; see lib/db/config.ts);
 *   2. the integration tests (*.db.test.ts) again against DATABASE_URL's server when it is set;
 *   3. the browser tests (e2e/, Playwright + Debian's Chromium) against the built app.
 * npm run test:citus (--citus): only the integration tests, on the Citus cluster whose coordinator
 * CITUS_URL names; each test database is created on every node and distributed (lib/db/testing.ts).
 * Usage: npm test [-- --skip-static] [-- --skip-e2e] [-- --only-e2e] [-- FILTER...]
 *        npm run test:citus [-- FILTER...]
 * (FILTERs select node:test files by path, or with --only-e2e the browser specs.)
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describeEmbeddedServer, embeddedServer } from '../lib/db/config';
import { startEmbeddedPostgres } from '../lib/db/embedded';

interface Tally { passed: number; failed: number }

const program = new Command('test')
  .description('run every test suite against real PostgreSQL and Chromium')
  .option('--skip-static', 'skip the type check and the lint')
  .option('--skip-e2e', 'skip the browser tests')
  .option('--only-e2e', 'run only the browser tests')
  .option('--citus', 'run only the integration tests, on the Citus cluster at CITUS_URL')
  .argument('[filters...]', 'only test files whose path contains one of these')
  .parse();
const opts = program.opts<{ skipStatic?: boolean; skipE2e?: boolean; onlyE2e?: boolean; citus?: boolean }>();
const filters = program.args;

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && !['node_modules', 'generated', '.next', '.data'].includes(entry.name)) findTests(p, out);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function run(cmd: string, args: string[], env: Record<string, string>, parse: (out: string) => Tally): Promise<Tally> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('close', (code) => {
      const tally = parse(out);
      if (code !== 0 && tally.failed === 0) tally.failed = 1; // a crash counts as a failure
      resolve(tally);
    });
  });
}

/** A command whose exit code is its verdict, as one test. */
function check(cmd: string, args: string[]): Promise<Tally> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => {
      console.error(e.message);
      resolve({ passed: 0, failed: 1 });
    });
    child.on('close', (code) => resolve(code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }));
  });
}

const lastNumber = (out: string, re: RegExp) => Number([...out.matchAll(re)].at(-1)?.[1] ?? 0);
const nodeTally = (out: string): Tally => ({
  passed: lastNumber(out, /^ℹ pass (\d+)$/gm),
  failed: lastNumber(out, /^ℹ fail (\d+)$/gm),
});
const playwrightTally = (out: string): Tally => ({
  passed: lastNumber(out, /^\s+(\d+) passed/gm),
  failed: lastNumber(out, /^\s+(\d+) failed/gm),
});

const nodeTest = (files: string[], admin: string) =>
  run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
    FLEETLEDGER_TEST_ADMIN_URL: admin,
    NEXT_TELEMETRY_DISABLED: '1',
  }, nodeTally);

const selected = (files: string[]) => files.filter((f) => !filters.length || filters.some((x) => f.includes(x)));
const testFiles = () => selected(['lib', 'scripts', 'app'].filter((d) => existsSync(d)).flatMap((d) => findTests(d)));

async function citus(): Promise<void> {
  const url = process.env.CITUS_URL;
  if (!url) throw new Error('CITUS_URL is not set: give the URL of a Citus coordinator with its workers added (README, "Scaling out")');
  // Every integration test runs on the cluster: none is left out.
  const files = testFiles().filter((f) => f.endsWith('.db.test.ts'));
  console.log(`\n▶ integration tests (${files.length} files) on the Citus cluster at ${url}`);
  const tally = await nodeTest(files, url);
  console.log(`\ntests on Citus: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed ? 1 : 0);
}

async function main(): Promise<void> {
  if (opts.citus) return citus();
  const tallies: Tally[] = [];
  if (!opts.skipStatic && !opts.onlyE2e && !filters.length) {
    console.log('\n▶ type check');
    tallies.push(await check('npm', ['run', '-s', 'typecheck']));
    console.log('\n▶ lint');
    tallies.push(await check('npm', ['run', '-s', 'lint', '--', '--max-warnings=0']));
  }
  const server = embeddedServer('test');
  console.log(`test server: embedded PostgreSQL on port ${server.port}, ${describeEmbeddedServer(server)}`);
  const adminUrl = await startEmbeddedPostgres({ ...server, log: console.log });
  const all = testFiles();

  if (!opts.onlyE2e && all.length) {
    console.log(`\n▶ unit and integration tests (${all.length} files) on the embedded PostgreSQL`);
    tallies.push(await nodeTest(all, adminUrl));
    const external = process.env.DATABASE_URL;
    const dbFiles = all.filter((f) => f.endsWith('.db.test.ts'));
    if (external && dbFiles.length) {
      console.log(`\n▶ integration tests (${dbFiles.length} files) on DATABASE_URL's server`);
      tallies.push(await nodeTest(dbFiles, external));
    }
  }
  // Filters pick browser specs only with --only-e2e (Playwright matches them against spec paths).
  if (!opts.skipE2e && (!filters.length || opts.onlyE2e)) {
    console.log('\n▶ browser tests (Playwright, Chromium)');
    tallies.push(
      await run(path.join('node_modules', '.bin', 'playwright'), ['test', ...(opts.onlyE2e ? filters : [])], { FLEETLEDGER_TEST_ADMIN_URL: adminUrl }, playwrightTally),
    );
  }
  const total = tallies.reduce((a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed }), { passed: 0, failed: 0 });
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
