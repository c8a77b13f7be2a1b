import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqlState } from './sqlState';

test('a unique violation keeps its code, also when Citus reports a worker\'s COPY error as internal', () => {
  assert.equal(sqlState({ code: '23505', message: 'duplicate key value violates unique constraint "request_key_pkey"' }), '23505');
  assert.equal(sqlState({ code: 'XX000', message: 'duplicate key value violates unique constraint "request_key_pkey_102074"' }), '23505');
});

test('other errors keep their code, and what is not a database error has none', () => {
  assert.equal(sqlState({ code: 'XX000', message: 'could not connect to worker' }), 'XX000');
  assert.equal(sqlState({ code: '40P01', message: 'deadlock detected' }), '40P01');
  assert.equal(sqlState(new Error('boom')), undefined);
  assert.equal(sqlState(undefined), undefined);
});
