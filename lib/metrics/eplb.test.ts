import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { balancedPacking, balancedness, rebalanceExperts, replicateExperts, type ExpertPlacement } from '@/lib/metrics/eplb';
import { fixture } from '@/lib/testing/fixtures';

interface ReadmeExample {
  weight: number[][];
  num_replicas: number;
  num_groups: number;
  num_nodes: number;
  num_gpus: number;
  expected_phy2log: number[][];
}

const example = JSON.parse(
  readFileSync(fixture('deepseek_eplb', 'readme_example.json'), 'utf8'),
) as ReadmeExample;

function pseudoRandomLoads(layers: number, experts: number, seed: number): number[][] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  // A few hot experts over a skewed base, as real routing looks.
  return Array.from({ length: layers }, () =>
    Array.from({ length: experts }, () => Math.round(1000 * next() ** 3 + (next() < 0.05 ? 50_000 : 0))),
  );
}

function assertPlacementInvariants(weight: number[][], placement: ExpertPlacement, numReplicas: number): void {
  weight.forEach((loads, layer) => {
    const slots = placement.phy2log[layer];
    assert.equal(slots.length, numReplicas);
    const seen = new Array<number>(loads.length).fill(0);
    for (const log of slots) seen[log] += 1;
    assert.ok(seen.every((n) => n >= 1), 'every logical expert is placed at least once');
    assert.deepEqual(placement.logcnt[layer], seen);
    placement.log2phy[layer].forEach((replicas, log) => {
      const real = replicas.filter((slot) => slot >= 0);
      assert.equal(real.length, seen[log]);
      for (const slot of real) assert.equal(slots[slot], log);
    });
  });
}

test('the README example gives the published physical-to-logical map', () => {
  const { weight, num_replicas, num_groups, num_nodes, num_gpus } = example;
  const placement = rebalanceExperts(weight, num_replicas, num_groups, num_nodes, num_gpus);
  assert.deepEqual(placement.phy2log, example.expected_phy2log);
  assert.deepEqual(placement.logcnt, [
    [1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 2, 1],
    [1, 2, 1, 1, 1, 2, 2, 1, 2, 1, 1, 1],
  ]);
  // Hierarchical: every group (3 experts) stays whole on one node (8 slots per node).
  for (const slots of placement.phy2log) {
    const nodesOfGroup = new Map<number, Set<number>>();
    slots.forEach((log, slot) => {
      const group = Math.floor(log / 3);
      nodesOfGroup.set(group, (nodesOfGroup.get(group) ?? new Set()).add(Math.floor(slot / 8)));
    });
    for (const nodes of nodesOfGroup.values()) assert.equal(nodes.size, 1);
  }
});

test('the README example reaches balancedness 0.8277 and 0.8050', () => {
  const balance = balancedness(example.weight, example.expected_phy2log, example.num_gpus);
  assert.deepEqual(balance.map((b) => b.toFixed(4)), ['0.8277', '0.8050']);
});

test('log2phy lists each expert’s slots by replica rank, padded with -1', () => {
  const { weight, num_replicas, num_groups, num_nodes, num_gpus } = example;
  const { log2phy } = rebalanceExperts(weight, num_replicas, num_groups, num_nodes, num_gpus);
  // Layer 0: expert 5 sits in slots 0 and 2, expert 0 only in slot 12.
  assert.deepEqual(log2phy[0][5].slice().sort((a, b) => a - b), [0, 2]);
  assert.deepEqual(log2phy[0][0], [12, -1]);
});

test('groups that do not divide over nodes use the global policy (hand-computed)', () => {
  // Global: replicas go to 0 (6 → 3 per replica), then 0 again (tie 3 vs 3: lower index).
  // Per-replica loads [2,3,2,1,2,2] packed 2 per GPU, heaviest first, ties to the lower index:
  // GPU0 {phy1, phy3}, GPU1 {phy0, phy4}, GPU2 {phy2, phy5}.
  const placement = rebalanceExperts([[6, 3, 2, 1]], 6, 2, 3, 3);
  assert.deepEqual(placement.phy2log, [[1, 3, 0, 0, 2, 0]]);
  assert.deepEqual(placement.logcnt, [[3, 1, 1, 1]]);
  assert.deepEqual(placement.log2phy, [[[2, 3, 5], [0, -1, -1], [4, -1, -1], [1, -1, -1]]]);
  assert.deepEqual(balancedness([[6, 3, 2, 1]], placement.phy2log, 3), [1]);
});

test('DeepSeek decode unit (18 nodes, EP144, 2 routed experts per GPU) keeps the invariants', () => {
  const weight = pseudoRandomLoads(3, 256, 7);
  const placement = rebalanceExperts(weight, 288, 8, 18, 144);
  assertPlacementInvariants(weight, placement, 288);
  // Without redundancy, 256 experts in order on 128 GPUs is what EPLB must beat.
  const naive = weight.map((loads) => loads.map((_, e) => e));
  const eplb = balancedness(weight, placement.phy2log, 144);
  const baseline = balancedness(weight, naive, 128);
  eplb.forEach((b, layer) => assert.ok(b > baseline[layer], `layer ${layer}: ${b} > ${baseline[layer]}`));
});

test('balanced packing fills each pack with the same number of items', () => {
  const { packIndex, rankInPack } = balancedPacking([5, 5, 4, 3, 3, 1], 3);
  // Heaviest first: 0→p0, 1→p1 (tie: lower pack), 2→p2, 3→p2 (4 < 5), 4→p0 (tie 5/5), 5→p1.
  assert.deepEqual(packIndex, [0, 1, 2, 2, 0, 1]);
  assert.deepEqual(rankInPack, [0, 0, 0, 1, 1, 1]);
});

test('replication gives each extra replica to the heaviest load per replica', () => {
  assert.deepEqual(replicateExperts([10, 4, 6], 5), { phy2log: [0, 1, 2, 0, 2], rank: [0, 0, 0, 1, 1], logcnt: [2, 1, 2] });
});

test('shapes that the original rejects are rejected', () => {
  assert.throws(() => rebalanceExperts([[1, 2, 3]], 2, 1, 1, 1), /cannot hold/);
  assert.throws(() => rebalanceExperts([[1, 2, 3, 4]], 6, 2, 2, 4), /do not divide over 4 GPUs/);
  assert.throws(() => rebalanceExperts([[1, 2], [1]], 2, 1, 1, 1), /same number/);
  assert.throws(() => rebalanceExperts([[1, Number.NaN]], 2, 1, 1, 1), /finite/);
});
