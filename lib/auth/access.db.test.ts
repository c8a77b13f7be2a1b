import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { Forbidden, Misdirected, Unauthorized } from '@/lib/http/errors';
import { authorise, type Principal } from './access';
import { changeUserRole, removeUser } from './manage';
import { SESSION_COOKIE } from './sessions';
import { BIND_HOST_ENV } from './signInMode';
import { MAX_FAILURES_PER_ACCOUNT, signIn } from './signIn';
import { createApiToken, hashToken, revokeApiToken } from './tokens';
import { createUser } from './users';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const HOST = '127.0.0.1:3000';
const request = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
  new Request(`http://${HOST}${path}`, { method, headers: { host: HOST, ...headers }, body });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin: Principal = { kind: 'local' };

async function session(email: string, role: 'viewer' | 'finance' | 'admin') {
  await createUser(db, { email, role, password: 'a long enough password' });
  const result = await signIn(db, { email, password: 'a long enough password', address: '10.0.0.1' });
  assert.ok(result.ok);
  return { cookie: { cookie: `${SESSION_COOKIE}=${result.token}` }, csrf: result.csrfToken };
}

test('before any user exists, sign-in is off only for a server on loopback', async () => {
  process.env[BIND_HOST_ENV] = '127.0.0.1';
  assert.deepEqual(await authorise(db, request('GET', '/api/demo'), 'GET /api/demo'), { kind: 'local' });
  process.env[BIND_HOST_ENV] = '0.0.0.0';
  await assert.rejects(authorise(db, request('GET', '/api/demo'), 'GET /api/demo'), Unauthorized);
  delete process.env[BIND_HOST_ENV];
  await assert.rejects(authorise(db, request('GET', '/api/demo'), 'GET /api/demo'), Unauthorized);
});

test('a created token authorises the HTTP API within its scopes, and only its hash is stored', async () => {
  const { token } = await createApiToken(db, 'ci');
  const stored = await db.prisma.apiToken.findFirstOrThrow({ where: { name: 'ci' } });
  assert.equal(stored.tokenHash, hashToken(token));
  const who = await authorise(db, request('POST', '/api/v1/ingest', bearer(token)), 'POST /api/v1/ingest');
  assert.equal(who.kind === 'token' && who.token.name, 'ci');
  await assert.rejects(authorise(db, request('DELETE', '/api/ingest/jobs/1', bearer(token)), 'DELETE /api/ingest/jobs/[id]'), (e: Error) => e instanceof Forbidden && /lacks the admin scope/.test(e.message));
  await assert.rejects(authorise(db, request('PUT', '/api/settings/pricing', bearer(token)), 'PUT /api/settings/pricing'), (e: Error) => e instanceof Forbidden && /API tokens may not/.test(e.message));
});

test('a missing, unknown or revoked token is refused; a revocation applies at once', async () => {
  const { id, token } = await createApiToken(db, 'old', ['ingest']);
  await authorise(db, request('POST', '/api/v1/ingest', bearer(token)), 'POST /api/v1/ingest'); // trusted for a few seconds
  await revokeApiToken(db, id);
  for (const headers of [{}, bearer('nope'), bearer(token), { authorization: token }]) {
    process.env[BIND_HOST_ENV] = '0.0.0.0';
    await assert.rejects(authorise(db, request('GET', '/api/v1/metrics/overview', headers), 'GET /api/v1/metrics/[view]'), Unauthorized);
  }
  delete process.env[BIND_HOST_ENV];
});

test('roles: a viewer reads but may not close a day; finance closes; only an admin deletes jobs', async () => {
  const viewer = await session('viewer@example.com', 'viewer');
  const finance = await session('finance@example.com', 'finance');
  const json = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
  assert.equal((await authorise(db, request('GET', '/api/settings/pricing', viewer.cookie), 'GET /api/settings/pricing')).kind, 'user');
  await assert.rejects(
    authorise(db, request('POST', '/api/reports/daily/2025-02-27/close', { ...viewer.cookie, ...json, 'x-csrf-token': viewer.csrf }, '{}'), 'POST /api/reports/daily/[date]/close'),
    (e: Error) => e instanceof Forbidden && /needs the finance role; you are viewer/.test(e.message),
  );
  await authorise(db, request('POST', '/api/reports/daily/2025-02-27/close', { ...finance.cookie, ...json, 'x-csrf-token': finance.csrf }, '{}'), 'POST /api/reports/daily/[date]/close');
  await assert.rejects(authorise(db, request('DELETE', '/api/ingest/jobs/1', { ...finance.cookie, 'x-csrf-token': finance.csrf }), 'DELETE /api/ingest/jobs/[id]'), Forbidden);
});

test('a signed-in change needs the session CSRF token and this origin', async () => {
  const { cookie, csrf } = await session('admin@example.com', 'admin');
  const put = (headers: Record<string, string>, body = '{}') => authorise(db, request('PUT', '/api/settings/day', { ...cookie, ...headers }, body), 'PUT /api/settings/day');
  await put({ 'content-type': 'application/json', 'x-csrf-token': csrf, origin: `http://${HOST}` });
  await assert.rejects(put({ 'content-type': 'application/json' }), (e: Error) => e instanceof Forbidden && /x-csrf-token/.test(e.message));
  await assert.rejects(put({ 'content-type': 'application/json', 'x-csrf-token': csrf, origin: 'http://evil.example' }), Forbidden);
  await assert.rejects(put({ 'content-type': 'text/plain', 'x-csrf-token': csrf }), Forbidden);
  await assert.rejects(put({ 'content-type': 'application/json', 'x-csrf-token': csrf, host: 'evil.example', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }), Misdirected);
});

test("a role change cuts the user's tokens at once; deleting the user ends them", async () => {
  const user = await createUser(db, { email: 'pusher@example.com', role: 'finance', password: 'a long enough password' });
  const { token } = await createApiToken(db, 'pusher', ['ingest', 'read'], user.id);
  await authorise(db, request('POST', '/api/v1/ingest', bearer(token)), 'POST /api/v1/ingest');
  await changeUserRole(db, admin, user.id, 'viewer');
  await assert.rejects(authorise(db, request('POST', '/api/v1/ingest', bearer(token)), 'POST /api/v1/ingest'), (e: Error) => e instanceof Forbidden && /lacks the ingest scope/.test(e.message));
  await authorise(db, request('GET', '/api/v1/metrics/overview', bearer(token)), 'GET /api/v1/metrics/[view]');
  await removeUser(db, admin, user.id);
  await assert.rejects(authorise(db, request('GET', '/api/v1/metrics/overview', bearer(token)), 'GET /api/v1/metrics/[view]'), Unauthorized);
});

test('sign-in is throttled per account after repeated failures, even with the right password', async () => {
  await createUser(db, { email: 'target@example.com', role: 'viewer', password: 'the right password!' });
  for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
    assert.deepEqual(await signIn(db, { email: 'TARGET@example.com', password: `guess ${i}`, address: `10.1.0.${i}` }), { ok: false, reason: 'invalid' });
  }
  const throttled = await signIn(db, { email: 'target@example.com', password: 'the right password!', address: '10.2.0.1' });
  assert.equal(throttled.ok, false);
  assert.ok(!throttled.ok && throttled.reason === 'throttled' && throttled.retryAfterSeconds > 0);
  const later = await signIn(db, { email: 'target@example.com', password: 'the right password!', address: '10.2.0.1' }, new Date(Date.now() + 16 * 60_000));
  assert.equal(later.ok, true);
});

test('an unknown email and a wrong password answer alike', async () => {
  assert.deepEqual(await signIn(db, { email: 'nobody@example.com', password: 'whatever it is', address: '10.3.0.1' }), { ok: false, reason: 'invalid' });
});
