import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordProblem, verifyPassword } from './password';

test('a hashed password verifies, another does not, and two hashes of it differ (salted)', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('correct horse battery', 'not-a-hash'), false);
});

test('short passwords are refused with the reason', () => {
  assert.match(passwordProblem('short') ?? '', /at least 12/);
  assert.equal(passwordProblem('long enough password'), null);
});
