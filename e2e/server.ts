/**
 * The web server of the browser tests (started by playwright.config.ts): a fresh database
 * `fl_e2e_<random>` on the test server that `npm test` prepared (FLEETLEDGER_TEST_ADMIN_URL),
 * migrated (with --demo, the demo day loaded as `npm start` loads it into an empty database);
 * `next build` when stale; then `next start`. The database is dropped on exit.
 * Usage: node --import tsx e2e/server.ts --port 3100 [--demo]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { closeDb, createDb } from '@/lib/db/client';
import { createDatabase, dropDatabase, withClient } from '@/lib/db/databases';
import { loadDemo } from '@/lib/demo/demo';
import { migrate } from '@/lib/db/migrate';
import { ensureBuild } from '@/lib/launch/build';
import { parsePort, runNext } from '@/lib/launch/next';
import { createUser } from '@/lib/auth/users';
import { databaseUrlFile } from './database';
import { E2E_PASSWORD, E2E_USERS, type E2eRole } from './users';

// Everything goes to stderr: Playwright shows the server's stderr, and stdout is the test report's.
const log = (line: string) => console.error(`[e2e server] ${line}`);

async function main(port: number, demo: boolean): Promise<number> {
  const admin = process.env.FLEETLEDGER_TEST_ADMIN_URL;
  if (!admin) throw new Error('FLEETLEDGER_TEST_ADMIN_URL is not set: run the browser tests with `npm test`');
  const name = `fl_e2e_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(admin, name);
  try {
    await withClient(url, (c) => migrate(c));
    log(`database ${name} created and migrated`);
    const db = createDb(url, 2);
    try {
      // The demo server keeps sign-in off (loopback, no users); the other signs its users in.
      if (demo) await loadDemo(db, { log });
      else for (const [role, email] of Object.entries(E2E_USERS)) await createUser(db, { email, role: role as E2eRole, password: E2E_PASSWORD });
    } finally {
      await closeDb(db);
    }
    // Specs that need the database itself (an API token) read its URL here.
    mkdirSync(path.dirname(databaseUrlFile(port)), { recursive: true });
    writeFileSync(databaseUrlFile(port), url);
    await ensureBuild({ root: process.cwd(), log, stdout: 'stderr' });
    return await runNext('start', ['--port', String(port), '--hostname', '127.0.0.1'], { root: process.cwd(), env: { DATABASE_URL: url, FLEETLEDGER_BIND_HOST: '127.0.0.1' }, stdout: 'stderr' });
  } finally {
    rmSync(databaseUrlFile(port), { force: true });
    await dropDatabase(admin, name);
    log(`database ${name} dropped`);
  }
}

const opts = new Command('e2e-server')
  .requiredOption('--port <port>', 'HTTP port')
  .option('--demo', 'load the demo day first')
  .parse()
  .opts<{ port: string; demo?: boolean }>();
main(parsePort(opts.port), Boolean(opts.demo))
  .then((code) => process.exit(code))
  .catch((e: Error) => {
    log(e.message);
    process.exit(1);
  });
