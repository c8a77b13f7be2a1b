/**
 * DeepSeek's expert-parallelism load balancer (deepseek-ai/EPLB, eplb.py, MIT), ported to
 * TypeScript: replicate hot experts into the redundant slots, pack expert groups onto nodes,
 * then physical experts onto GPUs, minimising the largest GPU load.
 *
 * Faithful to the original's choices, so the same input gives the same placement:
 * - torch works in float32 (`weight.float()`); every load, sum and quotient here is rounded to
 *   float32 (Math.fround), because float32 rounding decides ties on large token counts;
 * - the descending sort is stable (ties to the lower index): torch leaves the order of ties open,
 *   and a fixed rule makes the same loads always give the same placement;
 * - `max(dim).indices` and Python's `min(..., key=)` both pick the first (lowest) index on a tie.
 * The original works on whole tensors; every step there is row-wise, so this port loops over
 * layers (and over nodes inside a layer, where the original reshapes to layers × nodes rows).
 */

export interface Packing {
  /** Pack of each item. */
  packIndex: number[];
  /** Position of each item inside its pack (0-based, in packing order). */
  rankInPack: number[];
}

export interface Replication {
  /** Logical expert of each physical expert. */
  phy2log: number[];
  /** Replica rank of each physical expert among its logical expert's replicas. */
  rank: number[];
  /** Number of replicas of each logical expert. */
  logcnt: number[];
}

export interface ExpertPlacement {
  /** [layer][physical slot] → logical expert; slot s sits on GPU floor(s ÷ slots per GPU). */
  phy2log: number[][];
  /** [layer][logical expert][replica rank] → physical slot, −1 where an expert has fewer replicas. */
  log2phy: number[][][];
  /** [layer][logical expert] → number of replicas. */
  logcnt: number[][];
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`EPLB: ${message}`);
}

const f32 = Math.fround;

/** Indices by descending weight; ties keep the lower index first. */
function sortDescending(weight: number[]): number[] {
  return weight.map((_, i) => i).sort((a, b) => weight[b] - weight[a] || a - b);
}

function inverse(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((target, i) => (inv[target] = i));
  return inv;
}

/**
 * Packs n weighted items into numPacks packs of exactly n ÷ numPacks items each, heaviest first
 * into the lightest pack that still has room.
 */
export function balancedPacking(weight: number[], numPacks: number): Packing {
  const n = weight.length;
  check(n % numPacks === 0, `${n} items do not divide into ${numPacks} packs`);
  const itemsPerPack = n / numPacks;
  if (itemsPerPack === 1) return { packIndex: weight.map((_, i) => i), rankInPack: weight.map(() => 0) };

  const packIndex = new Array<number>(n).fill(-1);
  const rankInPack = new Array<number>(n).fill(-1);
  const packWeights = new Array<number>(numPacks).fill(0);
  const packItems = new Array<number>(numPacks).fill(0);
  for (const item of sortDescending(weight)) {
    let pack = -1;
    for (let p = 0; p < numPacks; p++) {
      if (packItems[p] < itemsPerPack && (pack < 0 || packWeights[p] < packWeights[pack])) pack = p;
    }
    packIndex[item] = pack;
    rankInPack[item] = packItems[pack];
    packWeights[pack] = f32(packWeights[pack] + weight[item]);
    packItems[pack] += 1;
  }
  return { packIndex, rankInPack };
}

/** Replicates logical experts into numPhy physical experts, each extra replica going to the
 *  expert with the largest load per replica. */
export function replicateExperts(weight: number[], numPhy: number): Replication {
  const numLog = weight.length;
  check(numPhy >= numLog, `${numPhy} physical experts cannot hold ${numLog} logical experts`);
  const phy2log = Array.from({ length: numPhy }, (_, i) => i);
  const rank = new Array<number>(numPhy).fill(0);
  const logcnt = new Array<number>(numLog).fill(1);
  for (let i = numLog; i < numPhy; i++) {
    let best = 0;
    let bestLoad = -Infinity;
    for (let e = 0; e < numLog; e++) {
      const load = f32(weight[e] / logcnt[e]);
      if (load > bestLoad) [best, bestLoad] = [e, load];
    }
    phy2log[i] = best;
    rank[i] = logcnt[best];
    logcnt[best] += 1;
  }
  return { phy2log, rank, logcnt };
}

interface LayerPlacement {
  phy2log: number[];
  phyrank: number[];
  logcnt: number[];
}

/** One layer of rebalance_experts_hierarchical. */
function rebalanceLayerHierarchical(
  weight: number[],
  numPhysical: number,
  numGroups: number,
  numNodes: number,
  numGpus: number,
): LayerPlacement {
  const numLogical = weight.length;
  check(numLogical % numGroups === 0, `${numLogical} experts do not divide into ${numGroups} groups`);
  check(numGroups % numNodes === 0, `${numGroups} groups do not divide over ${numNodes} nodes`);
  check(numGpus % numNodes === 0, `${numGpus} GPUs do not divide over ${numNodes} nodes`);
  check(numPhysical % numGpus === 0, `${numPhysical} physical experts do not divide over ${numGpus} GPUs`);
  const groupSize = numLogical / numGroups;
  const groupsPerNode = numGroups / numNodes;
  const phyPerGpu = numPhysical / numGpus;
  const logPerNode = numLogical / numNodes;
  const phyPerNode = numPhysical / numNodes;

  // Step 1: pack groups to nodes. "mlog" numbers logical experts node by node.
  const tokensPerGroup = Array.from({ length: numGroups }, (_, g) =>
    f32(weight.slice(g * groupSize, (g + 1) * groupSize).reduce((a, b) => a + b, 0)),
  );
  const groups = balancedPacking(tokensPerGroup, numNodes);
  const log2mlog = weight.map((_, log) => {
    const g = Math.floor(log / groupSize);
    return (groups.packIndex[g] * groupsPerNode + groups.rankInPack[g]) * groupSize + (log % groupSize);
  });
  const mlog2log = inverse(log2mlog);

  const phy2log = new Array<number>(numPhysical);
  const phyrank = new Array<number>(numPhysical);
  const mlogcnt = new Array<number>(numLogical);
  for (let node = 0; node < numNodes; node++) {
    const nodeLog = mlog2log.slice(node * logPerNode, (node + 1) * logPerNode);
    // Step 2: construct redundant experts within the node.
    const tokensPerMlog = nodeLog.map((log) => weight[log]);
    const replicas = replicateExperts(tokensPerMlog, phyPerNode);
    // Step 3: pack the node's physical experts to its GPUs.
    const tokensPerPhy = replicas.phy2log.map((m) => f32(tokensPerMlog[m] / replicas.logcnt[m]));
    const gpus = balancedPacking(tokensPerPhy, numGpus / numNodes);
    const pphy2phy = inverse(tokensPerPhy.map((_, p) => gpus.packIndex[p] * phyPerGpu + gpus.rankInPack[p]));
    pphy2phy.forEach((phy, slot) => {
      phy2log[node * phyPerNode + slot] = nodeLog[replicas.phy2log[phy]];
      phyrank[node * phyPerNode + slot] = replicas.rank[phy];
    });
    replicas.logcnt.forEach((count, m) => (mlogcnt[node * logPerNode + m] = count));
  }
  return { phy2log, phyrank, logcnt: log2mlog.map((m) => mlogcnt[m]) };
}

function validateWeight(weight: number[][]): void {
  check(weight.length > 0, 'no layers');
  const width = weight[0].length;
  check(width > 0, 'no logical experts');
  for (const row of weight) {
    check(row.length === width, 'every layer needs the same number of logical experts');
    check(row.every((w) => Number.isFinite(w) && w >= 0), 'loads must be finite and non-negative');
  }
}

/**
 * Entry point (rebalance_experts): the hierarchical policy when expert groups divide evenly
 * over nodes, otherwise the global policy (the hierarchical one with a single group and node).
 */
export function rebalanceExperts(
  weight: number[][],
  numReplicas: number,
  numGroups: number,
  numNodes: number,
  numGpus: number,
): ExpertPlacement {
  validateWeight(weight);
  const hierarchical = numGroups % numNodes === 0;
  const layers = weight.map((row) =>
    hierarchical
      ? rebalanceLayerHierarchical(row.map(f32), numReplicas, numGroups, numNodes, numGpus)
      : rebalanceLayerHierarchical(row.map(f32), numReplicas, 1, 1, numGpus),
  );
  const maxLogcnt = Math.max(...layers.flatMap((l) => l.logcnt));
  const log2phy = layers.map((layer) => {
    const map = layer.logcnt.map(() => new Array<number>(maxLogcnt).fill(-1));
    layer.phy2log.forEach((log, phy) => (map[log][layer.phyrank[phy]] = phy));
    return map;
  });
  return { phy2log: layers.map((l) => l.phy2log), log2phy, logcnt: layers.map((l) => l.logcnt) };
}

/**
 * Balancedness of a placement per layer: mean ÷ max GPU load, each logical expert's load split
 * evenly over its replicas (1 is perfect balance; a layer with no load counts as balanced).
 */
export function balancedness(weight: number[][], phy2log: number[][], numGpus: number): number[] {
  return weight.map((loads, layer) => {
    const slots = phy2log[layer];
    check(slots.length % numGpus === 0, `${slots.length} slots do not divide over ${numGpus} GPUs`);
    const slotsPerGpu = slots.length / numGpus;
    const replicas = new Array<number>(loads.length).fill(0);
    for (const log of slots) replicas[log] += 1;
    const gpuLoad = new Array<number>(numGpus).fill(0);
    slots.forEach((log, slot) => (gpuLoad[Math.floor(slot / slotsPerGpu)] += loads[log] / replicas[log]));
    const max = Math.max(...gpuLoad);
    if (max === 0) return 1;
    return gpuLoad.reduce((a, b) => a + b, 0) / numGpus / max;
  });
}
