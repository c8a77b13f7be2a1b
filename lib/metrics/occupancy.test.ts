import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeStateInterval } from '@/lib/finance/rateCard';
import { nodeOccupancy, occupancyHours, servingNodeCurve } from './occupancy';

const H = 3_600_000;
const window = { start: 0, end: 2 * H };
const interval = (node: string, state: NodeStateInterval['state'], from: number, to: number, gpuCount = 8): NodeStateInterval => ({
  node, state, gpuType: 'H800', gpuCount, start: from * H, end: to * H,
});
const fleet = [
  interval('a', 'prefill', 0, 2),
  interval('b', 'decode', 0.5, 1.5),
  interval('b', 'other', 1.5, 3), // lent out: clipped, and not serving
  interval('c', 'decode', -1, 0.25, 4), // began before the window
  interval('d', 'idle', 0.1, 0.3),
  interval('e', 'prefill', 0.2, 0.25), // changes role at 0.25 h: still one node
  interval('e', 'decode', 0.25, 0.3),
];
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

test('node-hours by state are clipped to the window; only serving states count as occupancy', () => {
  const o = nodeOccupancy(fleet, window);
  close(o.nodeHoursByState.prefill, 2 + 0.05);
  close(o.nodeHoursByState.decode, 1 + 0.25 + 0.05);
  close(o.nodeHoursByState.idle, 0.2);
  close(o.nodeHoursByState.other, 0.5);
  close(o.nodeHours, 3.55);
  close(o.avgNodes, 3.55 / 2);
  // 2 h × 8 + 1 h × 8 + 0.25 h × 4 + 0.2 h × 8 + 0.1 h × 8
  close(o.gpuHours, 27.4);
  close(o.gpuHoursByState.other, 4);
});

test('peak is the most distinct nodes in service at once', () => {
  assert.equal(nodeOccupancy(fleet, window).peakNodes, 4);
  assert.deepEqual(
    servingNodeCurve(fleet, window).map((s) => [s.at / H, s.nodes]),
    [[0, 2], [0.1, 3], [0.2, 4], [0.25, 3], [0.3, 1], [0.5, 2], [1.5, 1]],
  );
});

test('overlapping intervals of one node count it once; an empty fleet has no peak', () => {
  const twice = [interval('x', 'prefill', 0, 1), interval('x', 'decode', 0.5, 1)];
  assert.equal(nodeOccupancy(twice, window).peakNodes, 1);
  assert.equal(nodeOccupancy([], window).peakNodes, 0);
  assert.equal(nodeOccupancy([], window).avgNodes, 0);
});

test('the hours without the peak are the occupancy\'s own figures', () => {
  const { peakNodes, ...hours } = nodeOccupancy(fleet, window);
  assert.ok(peakNodes > 0);
  assert.deepEqual(occupancyHours(fleet, window), hours);
});
