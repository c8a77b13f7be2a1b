import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InflateBudget, inflateLimits, InflateLimitExceeded } from './inflateBudget';

const limits = { maxInflatedBytes: 10_000, maxRatio: 10, ratioFloorBytes: 1_000 };

test('the ratio is judged only past the floor', () => {
  const budget = new InflateBudget(limits);
  budget.addCompressed(10);
  assert.equal(budget.addInflated(900), undefined, '90× but under the floor');
  const fault = budget.addInflated(200);
  assert.ok(fault instanceof InflateLimitExceeded);
  assert.match(fault.message, /more than 10 times \(1100 bytes from 10\).*FLEETLEDGER_MAX_GZIP_RATIO/);
});

test('an honest ratio passes until the inflated cap, which names its setting', () => {
  const budget = new InflateBudget(limits);
  budget.addCompressed(2_000);
  assert.equal(budget.addInflated(9_000), undefined);
  assert.match(budget.addInflated(2_000)?.message ?? '', /past 10000 bytes, the limit \(FLEETLEDGER_MAX_INFLATED_BYTES\)/);
});

test('the limits come from the environment, and a bad value is refused naming it', () => {
  assert.equal(inflateLimits({ FLEETLEDGER_MAX_GZIP_RATIO: '50' }).maxRatio, 50);
  assert.equal(inflateLimits({ FLEETLEDGER_MAX_INFLATED_BYTES: '1e9' }).maxInflatedBytes, 1e9);
  assert.throws(() => inflateLimits({ FLEETLEDGER_MAX_GZIP_RATIO: 'lots' }), /FLEETLEDGER_MAX_GZIP_RATIO=lots/);
});
