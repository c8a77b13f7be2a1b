import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { signIn } from '@/lib/auth/signIn';
import { findApiToken, listApiTokens } from '@/lib/auth/tokens';

// The access CLIs as an operator runs them: no default password, tokens within the owner's role.
let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const cli = (script: string, args: string[], input?: string) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    env: { ...process.env, DATABASE_URL: db.url },
    input,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

test('user:create reads the password from stdin, stores only its hash, and the user signs in', async () => {
  const run = cli('user-create', ['--email', 'Ops@Example.com', '--role', 'finance', '--password-stdin'], 'a long enough password\n');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /created finance ops@example\.com/);
  const { rows } = await db.pool.query('SELECT password_hash FROM app_user WHERE email = $1', ['ops@example.com']);
  assert.ok(!String(rows[0].password_hash).includes('a long enough password'));
  const result = await signIn(db, { email: 'ops@example.com', password: 'a long enough password', address: '10.9.0.1' });
  assert.equal(result.ok, true);
});

test('user:create refuses a short password, an unknown role and no terminal without --password-stdin', () => {
  const short = cli('user-create', ['--email', 'a@example.com', '--role', 'viewer', '--password-stdin'], 'short\n');
  assert.equal(short.code, 1);
  assert.match(short.stderr, /user:create: .*12/);
  const role = cli('user-create', ['--email', 'a@example.com', '--role', 'owner', '--password-stdin'], 'a long enough password\n');
  assert.notEqual(role.code, 0);
  assert.match(role.stderr, /owner.*is invalid|Allowed choices/);
  const noTerminal = cli('user-create', ['--email', 'a@example.com', '--role', 'viewer'], '');
  assert.equal(noTerminal.code, 1);
  assert.match(noTerminal.stderr, /--password-stdin/);
});

test('token:create gives a user a token within their role; token:revoke by prefix ends it', async () => {
  assert.equal(cli('user-create', ['--email', 'viewer@example.com', '--role', 'viewer', '--password-stdin'], 'a long enough password\n').code, 0);
  const beyond = cli('token-create', ['--name', 'pusher', '--scope', 'ingest', '--user', 'viewer@example.com']);
  assert.equal(beyond.code, 1);
  assert.match(beyond.stderr, /viewer@example\.com is viewer: their tokens may not have ingest/);

  const created = cli('token-create', ['--name', 'grafana', '--scope', 'read', '--user', 'viewer@example.com']);
  assert.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  const live = await findApiToken(db, token);
  assert.deepEqual(live?.scopes, ['read']);
  assert.equal(live?.user?.email, 'viewer@example.com');

  const [listed] = (await listApiTokens(db, null)).filter((t) => t.name === 'grafana');
  const revoked = cli('token-revoke', ['--prefix', listed.prefix]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match(revoked.stdout, /revoked token \d+ "grafana"/);
  assert.equal(await findApiToken(db, token, Date.now() + 60_000), null);
  assert.equal(cli('token-revoke', ['--prefix', 'flt_nothing']).code, 1);
});
