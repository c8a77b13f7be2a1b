import type { ExpertLoadRecord, Phase } from '@/lib/ingest/records';
import { rebalanceExperts, type ExpertPlacement } from '@/lib/metrics/eplb';
import { apportion } from './apportion';
import { Rng } from './prng';
import type { FleetProfile } from './profile';

/**
 * Expert parallelism of one phase. Routed-expert popularity per layer is lognormal (the hot
 * experts); EPLB places 256 + redundant physical experts on the unit's GPUs from those loads.
 * One expert per layer drifts hotter with load and, being unreplicated by the stale placement,
 * makes the GPU that hosts it a straggler for that layer (the largest dispatch-receive load).
 * The shared expert (id = routed experts, e.g. 256) runs data-parallel on every GPU.
 */
export interface PhaseExperts {
  phase: Phase;
  unitGpus: number;
  slotsPerGpu: number;
  placement: ExpertPlacement;
  popularity: number[][];
  drifting: number[];
  seed: number;
}

const STREAM = 0xe4e;

export function phaseExperts(profile: FleetProfile, phase: Phase, seed: number): PhaseExperts {
  const { moeLayers, routedExperts, groups, popularitySigma } = profile.experts;
  const unit = phase === 'prefill' ? profile.prefillUnit : profile.decodeUnit;
  const unitGpus = unit.nodes * profile.gpusPerNode;
  const physical = routedExperts + unit.redundantExperts;
  if (physical % unitGpus !== 0) throw new RangeError(`${profile.name}: ${physical} physical experts do not divide over ${unitGpus} ${phase} GPUs`);
  const rng = new Rng(seed, STREAM, phase === 'prefill' ? 0 : 1);
  const popularity = Array.from({ length: moeLayers }, () => Array.from({ length: routedExperts }, () => rng.lognormalFactor(popularitySigma)));
  const placement = rebalanceExperts(popularity, physical, groups, unit.nodes, unitGpus);
  const drifting = placement.logcnt.map((counts) => {
    const single = counts.flatMap((c, e) => (c === 1 ? [e] : []));
    return single[rng.int(single.length)];
  });
  return { phase, unitGpus, slotsPerGpu: physical / unitGpus, placement, popularity, drifting, seed };
}

/** Each physical slot's share of a layer's routed token copies at a load level (shares sum to 1). */
export function slotShares(pe: PhaseExperts, profile: FleetProfile, layer: number, load: number): Float64Array {
  const pop = pe.popularity[layer];
  const drift = 1 + profile.experts.driftPeak * load;
  const popOf = (e: number) => (e === pe.drifting[layer] ? pop[e] * drift : pop[e]);
  let total = 0;
  for (let e = 0; e < pop.length; e++) total += popOf(e);
  const slots = pe.placement.phy2log[layer];
  const counts = pe.placement.logcnt[layer];
  const shares = new Float64Array(slots.length);
  for (let s = 0; s < slots.length; s++) shares[s] = popOf(slots[s]) / (total * counts[slots[s]]);
  return shares;
}

/** Per GPU position in a unit: its share of all routed token copies over every MoE layer (sums to the layer count). */
export function receiveShares(pe: PhaseExperts, profile: FleetProfile, load: number): Float64Array {
  const byPosition = new Float64Array(pe.unitGpus);
  for (let layer = 0; layer < profile.experts.moeLayers; layer++) {
    const shares = slotShares(pe, profile, layer, load);
    for (let s = 0; s < shares.length; s++) byPosition[Math.floor(s / pe.slotsPerGpu)] += shares[s];
  }
  return byPosition;
}

/** A unit's GPUs take the placement's positions in a shuffled order, so stragglers differ between units. */
export function unitPositions(pe: PhaseExperts, unit: number): Int32Array {
  const positions = Int32Array.from({ length: pe.unitGpus }, (_, i) => i);
  const rng = new Rng(pe.seed, STREAM, pe.phase === 'prefill' ? 2 : 3, unit);
  for (let i = positions.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [positions[i], positions[j]] = [positions[j], positions[i]];
  }
  return positions;
}

export interface UnitInterval {
  unit: number;
  ts: number;
  intervalS: number;
  nodes: readonly string[];
  gpusPerNode: number;
  positions: Int32Array;
  /** Tokens each GPU of the unit computed over the interval (index node × gpusPerNode + gpu). */
  gpuTokens: Float64Array;
  load: number;
}

/** expert_load records of one unit over one interval, for the profile's sampled layers. */
export function unitExpertLoads(pe: PhaseExperts, profile: FleetProfile, ui: UnitInterval): ExpertLoadRecord[] {
  let unitTokens = 0;
  for (const t of ui.gpuTokens) unitTokens += t;
  if (unitTokens === 0) return [];
  const records: ExpertLoadRecord[] = [];
  const rng = new Rng(pe.seed, STREAM, ui.ts / 1000, pe.phase === 'prefill' ? 4 : 5, ui.unit);
  const byGpu = new Map<number, number>();
  const slotTokens = new Float64Array(pe.slotsPerGpu * pe.unitGpus);
  const record = (node: string, gpu: number, layer: number, expert: number, tokens: number): ExpertLoadRecord => ({
    type: 'expert_load', ts: ui.ts, intervalS: ui.intervalS, phase: pe.phase, layer, expert, node, gpu, tokens,
  });
  for (const layer of profile.expertLayers) {
    const weights = slotShares(pe, profile, layer, ui.load).map((share) => share * rng.uniform(0.97, 1.03));
    apportion(unitTokens * profile.experts.topK, weights, slotTokens);
    const slots = pe.placement.phy2log[layer];
    for (let i = 0; i < ui.gpuTokens.length; i++) {
      const node = ui.nodes[Math.floor(i / ui.gpusPerNode)];
      const gpu = i % ui.gpusPerNode;
      const first = ui.positions[i] * pe.slotsPerGpu;
      byGpu.clear(); // two replicas of one expert on one GPU make one record
      for (let s = first; s < first + pe.slotsPerGpu; s++) byGpu.set(slots[s], (byGpu.get(slots[s]) ?? 0) + slotTokens[s]);
      for (const [expert, tokens] of byGpu) records.push(record(node, gpu, layer, expert, tokens));
      records.push(record(node, gpu, layer, profile.experts.routedExperts, ui.gpuTokens[i]));
    }
  }
  return records;
}
