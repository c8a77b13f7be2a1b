import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOWED_HOSTS_ENV, hostAllowed } from './hosts';
import { BIND_HOST_ENV } from './signInMode';

test('loopback names are always allowed, a rebound name never', () => {
  process.env[BIND_HOST_ENV] = '127.0.0.1';
  for (const h of ['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST', '[::1]:3000']) assert.equal(hostAllowed(h), true, h);
  for (const h of ['attacker.example:3000', 'attacker.example', '', null]) assert.equal(hostAllowed(h), false, String(h));
});

test('configured names are allowed, with or without a port', () => {
  process.env[BIND_HOST_ENV] = '0.0.0.0';
  process.env[ALLOWED_HOSTS_ENV] = 'fleet.example.com, ledger.internal:8443';
  assert.equal(hostAllowed('fleet.example.com'), true);
  assert.equal(hostAllowed('ledger.internal:8443'), true);
  assert.equal(hostAllowed('fleet.example.com.attacker.example'), false);
  delete process.env[ALLOWED_HOSTS_ENV];
  delete process.env[BIND_HOST_ENV];
});
