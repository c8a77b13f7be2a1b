import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balancerMismatch } from './balancerFit';
import { DEFAULT_BALANCER } from './balancerSettings';

test("DeepSeek's units fit the defaults: 256 experts, prefill EP32 and decode EP144 with 32 redundant slots each", () => {
  assert.equal(balancerMismatch('prefill', 256, DEFAULT_BALANCER.prefill), null);
  assert.equal(balancerMismatch('decode', 256, DEFAULT_BALANCER.decode), null);
});

test('slots that do not divide over the GPUs name the GPUs and redundant-slot values that fit, and where to set them', () => {
  const message = balancerMismatch('decode', 72, { groups: 8, nodes: 4, gpus: 32, redundant: 32 });
  assert.equal(
    message,
    'decode: 104 expert slots (72 routed + 32 redundant; the loads name experts 0–71) do not divide over 32 GPUs: ' +
      'set GPUs to 4, 8, 52 or 104, or Redundant slots to 24 or 56 (Load balancer settings per role, on the Experts page, decode)',
  );
  // Every suggestion fits: the slots divide over the GPUs, and the GPUs over the nodes.
  for (const gpus of [4, 8, 52, 104]) assert.equal(balancerMismatch('decode', 72, { groups: 8, nodes: 4, gpus, redundant: 32 }), null);
  for (const redundant of [24, 56]) assert.equal(balancerMismatch('decode', 72, { groups: 8, nodes: 4, gpus: 32, redundant }), null);
});

test('no redundant-slot value below zero is suggested; groups and nodes name their own setting', () => {
  assert.match(balancerMismatch('prefill', 256, { groups: 8, nodes: 4, gpus: 96, redundant: 0 })!, /: set GPUs to 16, 32, 64 or 128, or Redundant slots to 32 \(/);
  assert.match(balancerMismatch('prefill', 256, { groups: 8, nodes: 4, gpus: 32, redundant: 30 })!, /: set Redundant slots to 0 or 32 \(/);
  assert.match(balancerMismatch('prefill', 100, { groups: 8, nodes: 4, gpus: 32, redundant: 28 })!, /100 experts do not divide into 8 groups .*: set Expert groups to 2, 4, 5 or 10 \(/);
  assert.match(balancerMismatch('decode', 256, { groups: 8, nodes: 18, gpus: 32, redundant: 32 })!, /32 GPUs do not divide over 18 nodes: set Nodes to 4, 8, 16 or 32 \(/);
});
