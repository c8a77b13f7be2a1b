import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSteps } from '@/lib/metrics/steps';
import { nodeSecondsByNode, nodeSecondsByStep, stateCurves } from './nodeTime';

const M = 60_000;
const T = Date.parse('2025-03-01T00:00:00Z');
const interval = (node: string, state: 'prefill' | 'decode' | 'other', from: number, to: number) => ({ node, state, gpuType: 'H800', gpuCount: 8, start: T + from * M, end: T + to * M });

test('node-seconds per step clip intervals at the window and step edges', () => {
  const steps = makeSteps({ start: T, end: T + 120 * M }, '1h');
  const s = nodeSecondsByStep([interval('a', 'prefill', -30, 90), interval('b', 'decode', 50, 200), interval('b', 'other', 200, 300)], steps);
  assert.deepEqual(s.prefill, [3600, 1800]);
  assert.deepEqual(s.decode, [600, 3600]);
  assert.deepEqual(s.other, [0, 0]);
  const byNode = nodeSecondsByNode([interval('a', 'prefill', -30, 90), interval('a', 'decode', 90, 200)], steps.window);
  assert.deepEqual([byNode.get('a')?.prefill, byNode.get('a')?.decode], [5400, 1800]);
});

test('the step chart counts distinct nodes per state at each change', () => {
  const curves = stateCurves([
    interval('a', 'prefill', 0, 60), interval('a', 'prefill', 60, 120), // back-to-back: one node, no dip
    interval('b', 'decode', 30, 90), interval('c', 'decode', 30, 120), interval('b', 'other', 90, 120),
  ], { start: T, end: T + 120 * M });
  assert.deepEqual(curves.prefill.map((p) => [(p.at - T) / M, p.nodes]), [[0, 1]]);
  assert.deepEqual(curves.decode.map((p) => [(p.at - T) / M, p.nodes]), [[0, 0], [30, 2], [90, 1]]);
  assert.deepEqual(curves.other.map((p) => [(p.at - T) / M, p.nodes]), [[0, 0], [90, 1]]);
});
