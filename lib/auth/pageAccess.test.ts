import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageDecision, safeNextPath } from './pageAccess';

const user = (role: 'viewer' | 'finance' | 'admin') => ({ kind: 'user' as const, user: { id: 1, email: 'a@b', role }, sessionId: 1, csrfToken: 't' });

test('pages follow the access table: nobody signs in, a viewer is kept from admin pages', () => {
  assert.deepEqual(pageDecision({ kind: 'anonymous' }, '/finance'), { kind: 'signIn' });
  assert.equal(pageDecision({ kind: 'anonymous' }, '/signin').kind, 'allowed');
  assert.equal(pageDecision(user('viewer'), '/finance').kind, 'allowed');
  assert.equal(pageDecision(user('viewer'), '/users').kind, 'forbidden');
  assert.equal(pageDecision(user('finance'), '/upload').kind, 'allowed');
  assert.equal(pageDecision({ kind: 'local' }, '/users').kind, 'allowed');
  const readToken = { kind: 'token' as const, token: { id: 1, name: 't', scopes: ['read' as const], user: null } };
  assert.equal(pageDecision(readToken, '/').kind, 'allowed');
  assert.equal(pageDecision(readToken, '/upload').kind, 'forbidden');
});

test('sign-in returns only to a path on this site', () => {
  assert.equal(safeNextPath('/finance?date=2025-02-27'), '/finance?date=2025-02-27');
  for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', '', null]) assert.equal(safeNextPath(bad), '/');
});
