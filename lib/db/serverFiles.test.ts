import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { freePort } from '@/lib/launch/next';
import { embeddedUrl } from './embedded';

const asRoot = process.getuid?.() === 0;

/** The project's files (tracked and new, not ignored) copied into `dest`, node_modules hard-linked. */
function copyCheckout(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(file)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    cpSync(file, path.join(dest, file));
  }
  execFileSync('cp', ['-al', 'node_modules', path.join(dest, 'node_modules')]);
}

const dbCommand = (checkout: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/db.ts', ...args], { cwd: checkout, env, encoding: 'utf8' });

test(
  'as root, a checkout under a 0700 folder starts its embedded server with data and binaries placed where postgres can reach them',
  { skip: !asRoot && 'PostgreSQL runs as another user only when the tests run as root' },
  async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'fleetledger-0700-'));
    assert.equal(statSync(home).mode & 0o777, 0o700);
    const checkout = path.join(home, 'fleetledger');
    const env: NodeJS.ProcessEnv = { ...process.env, FLEETLEDGER_PG_PORT: String(await freePort()), FLEETLEDGER_TEST_PG_PORT: String(await freePort()) };
    for (const key of ['DATABASE_URL', 'FLEETLEDGER_DATA_DIR', 'FLEETLEDGER_TEST_DATA_DIR']) delete env[key];
    let relocated: string | undefined;
    try {
      copyCheckout(checkout);
      const started = dbCommand(checkout, env, 'start');
      relocated = /data in (\/var\/lib\/fleetledger\/[0-9a-f]{12})\/pg /.exec(started)?.[1];
      assert.ok(relocated, `the start names where the data went:\n${started}`);
      assert.match(started, /outside the checkout: user postgres cannot reach/);
      assert.equal(readFileSync(path.join(relocated, 'CHECKOUT'), 'utf8').trim(), checkout);

      // Another command from the same checkout finds the same server.
      assert.match(dbCommand(checkout, env, 'status'), new RegExp(`app: running on port ${env.FLEETLEDGER_PG_PORT}, data in ${relocated}/pg`));
      const client = new pg.Client({ connectionString: embeddedUrl(Number(env.FLEETLEDGER_PG_PORT), 'fleetledger') });
      await client.connect();
      try {
        const { rows } = await client.query<{ dir: string }>('SELECT current_setting($1) AS dir', ['data_directory']);
        assert.equal(rows[0].dir, `${relocated}/pg`);
      } finally {
        await client.end();
      }
      assert.match(dbCommand(checkout, env, 'stop'), /app: stopped/);
    } finally {
      if (relocated) {
        dbCommand(checkout, env, 'stop');
        rmSync(relocated, { recursive: true, force: true });
      }
      rmSync(home, { recursive: true, force: true });
    }
  },
);
