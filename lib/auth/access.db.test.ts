import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '@/lib/db/testing';
import { Forbidden, Unauthorized } from '@/lib/http/errors';
import { authorise } from './access';
import { createApiToken, hashToken, revokeApiToken } from './tokens';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

const withAuth = (value?: string) =>
  new Request('http://localhost/api/v1/ingest', { method: 'POST', headers: value ? { authorization: value } : {} });

test('a created token authorises the HTTP API, and only its hash is stored', async () => {
  const { token } = await createApiToken(db, 'ci');
  const stored = await db.prisma.apiToken.findFirstOrThrow({ where: { name: 'ci' } });
  assert.equal(stored.tokenHash, hashToken(token));
  assert.ok(!JSON.stringify(stored).includes(token));
  const who = await authorise(db, withAuth(`Bearer ${token}`), 'api', 'ingest:write');
  assert.deepEqual(who, { kind: 'token', tokenId: stored.id, name: 'ci' });
});

test('the HTTP API refuses a missing, unknown or revoked token', async () => {
  const { id, token } = await createApiToken(db, 'old');
  await revokeApiToken(db, id);
  for (const header of [undefined, 'Bearer nope', `Bearer ${token}`, token]) {
    await assert.rejects(authorise(db, withAuth(header), 'api', 'ingest:write'), Unauthorized);
  }
});

test('a token used moments ago and then revoked is refused at once, and a token is checked against its scopes', async () => {
  const { id, token } = await createApiToken(db, 'pusher', ['ingest']);
  await authorise(db, withAuth(`Bearer ${token}`), 'api', 'ingest:write'); // now trusted for a few seconds
  await assert.rejects(authorise(db, withAuth(`Bearer ${token}`), 'api', 'metrics:read'), (e: Error) => e instanceof Forbidden && /lacks the read scope/.test(e.message));
  await revokeApiToken(db, id);
  await assert.rejects(authorise(db, withAuth(`Bearer ${token}`), 'api', 'ingest:write'), Unauthorized);
});

test('a sender presenting its token many times a second records its last use once a minute', async () => {
  const { token } = await createApiToken(db, 'busy');
  for (let i = 0; i < 20; i++) await authorise(db, withAuth(`Bearer ${token}`), 'api', 'ingest:write');
  const first = (await db.prisma.apiToken.findFirstOrThrow({ where: { name: 'busy' } })).lastUsedAt;
  assert.ok(first);
  await authorise(db, withAuth(`Bearer ${token}`), 'api', 'ingest:write');
  assert.deepEqual((await db.prisma.apiToken.findFirstOrThrow({ where: { name: 'busy' } })).lastUsedAt, first);
});

test('the web app is open until sign-in exists', async () => {
  assert.deepEqual(await authorise(db, withAuth(), 'web', 'ingest:write'), { kind: 'web' });
});
