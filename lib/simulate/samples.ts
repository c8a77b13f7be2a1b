import type { ExpertLoadRecord, GpuSampleRecord, Phase } from '@/lib/ingest/records';
import { apportion } from './apportion';
import { receiveShares, unitExpertLoads, unitPositions, type PhaseExperts } from './experts';
import type { FleetLayout } from './fleet';
import { Rng } from './prng';
import { TICK_MS, type FleetProfile } from './profile';
import type { RequestModel } from './requestModel';

/** One role's fleet totals over one sample interval (one or more ticks, inside one fleet step). */
export interface RoleInterval {
  /** Interval end. */
  ts: number;
  intervalS: number;
  servingUnits: number;
  /** Prefill: input tokens; decode: output tokens. */
  tokens: number;
  /** Prefill only: cache-hit input tokens. */
  cached: number;
  /** Requests entering this phase in the interval (all, not sampled). */
  requests: number;
  /** Mean load over the interval. */
  load: number;
}

const STREAM = 0x5a3;
/** How evenly the role's load balancer spreads tokens over GPUs (± this fraction). */
const BALANCE_SPREAD = { prefill: 0.03, decode: 0.05 };
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A GPU's mean power (W) at a mean utilisation (%): 90 W idle, 700 W flat out. */
export const gpuPowerW = (utilPct: number): number => round1(90 + 6.1 * utilPct);

/**
 * gpu_sample records of one role (prefill or decode), every GPU of every serving unit, each
 * sample interval; it also sums what each GPU computed per expert_load interval. Prefill GPUs count input
 * tokens (and cache hits), the requests they prefilled and, as running, those queued or in
 * prefill; decode GPUs count output tokens, the requests they took over, and hold the running
 * requests' KV cache. So the fleet's request count is the prefill (or the decode) GPUs' sum,
 * not both. Both roles count token copies dispatched to and received from routed experts over
 * all MoE layers (computed tokens × top-k × MoE layers).
 */
export class RoleSampler {
  private readonly positions: Int32Array[];
  private readonly blockTokens: Float64Array[];
  private receive: Float64Array;

  constructor(
    private readonly profile: FleetProfile,
    private readonly layout: FleetLayout,
    private readonly experts: PhaseExperts,
    private readonly requestModel: RequestModel,
    private readonly seed: number,
  ) {
    const units = layout.units[experts.phase].length;
    this.positions = Array.from({ length: units }, (_, u) => unitPositions(experts, u));
    this.blockTokens = Array.from({ length: units }, () => new Float64Array(experts.unitGpus));
    this.receive = receiveShares(experts, profile, 1);
  }

  get role(): Phase {
    return this.experts.phase;
  }

  /** Expert popularity follows load; the placement does not. Called at each expert_load interval start. */
  setLoad(load: number): void {
    this.receive = receiveShares(this.experts, this.profile, load);
  }

  sample(iv: RoleInterval): GpuSampleRecord[] {
    const { profile, experts, requestModel: rm } = this;
    const role = experts.phase;
    const n = iv.servingUnits * experts.unitGpus;
    if (n === 0) {
      if (iv.tokens > 0) throw new RangeError(`${profile.name}: ${iv.tokens} ${role} tokens at ${new Date(iv.ts).toISOString()} with no ${role} node in service`);
      return [];
    }
    const rng = new Rng(this.seed, STREAM, iv.ts / TICK_MS, role === 'prefill' ? 0 : 1);
    const spread = BALANCE_SPREAD[role];
    const tokens = new Float64Array(n);
    apportion(iv.tokens, Float64Array.from({ length: n }, () => rng.uniform(1 - spread, 1 + spread)), tokens);
    const cached = new Float64Array(n);
    if (role === 'prefill') apportion(iv.cached, tokens.map((t) => t * rng.uniform(0.95, 1.05)), cached);
    const requests = new Float64Array(n);
    apportion(iv.requests, tokens.map((t) => t * rng.uniform(0.9, 1.1) + 1e-9), requests);

    const moeCopies = profile.experts.topK * profile.experts.moeLayers;
    const records: GpuSampleRecord[] = [];
    for (let u = 0; u < iv.servingUnits; u++) {
      const base = u * experts.unitGpus;
      let unitComputed = 0;
      for (let i = 0; i < experts.unitGpus; i++) unitComputed += tokens[base + i] - cached[base + i];
      const meanReceive = (unitComputed * moeCopies) / experts.unitGpus;
      const nodes = this.layout.units[role][u];
      for (let i = 0; i < experts.unitGpus; i++) {
        const g = base + i;
        const computed = tokens[g] - cached[g];
        this.blockTokens[u][i] += computed;
        const received = Math.round(unitComputed * profile.experts.topK * this.receive[this.positions[u][i]]);
        const running = role === 'prefill'
          ? Math.round((requests[g] * (profile.latency.queueMeanS * iv.load + rm.meanPrefillS)) / iv.intervalS)
          : Math.round(tokens[g] / iv.intervalS / profile.decodeSpeed(iv.ts - (iv.intervalS * 1000) / 2));
        const kv = role === 'prefill'
          ? Math.round(running * rm.meanInput)
          : Math.min(profile.kvCacheCapacity, Math.round(running * rm.kvLengthPerOutputToken * rng.uniform(0.97, 1.03)));
        const busy = (0.5 + 0.4 * iv.load) * (meanReceive > 0 ? received / meanReceive : 1) * rng.uniform(0.98, 1.02);
        const util = round1(Math.min(100, 100 * busy));
        records.push({
          type: 'gpu_sample',
          ts: iv.ts,
          intervalS: iv.intervalS,
          node: nodes[Math.floor(i / profile.gpusPerNode)],
          gpu: i % profile.gpusPerNode,
          role,
          inputTokens: role === 'prefill' ? tokens[g] : 0,
          cachedTokens: cached[g],
          outputTokens: role === 'decode' ? tokens[g] : 0,
          requests: requests[g],
          runningRequests: running,
          kvCacheTokens: kv,
          kvCacheCapacity: profile.kvCacheCapacity,
          dispatchSendTokens: computed * moeCopies,
          dispatchRecvTokens: received,
          utilPct: util,
          memUsedBytes: null,
          powerW: gpuPowerW(util),
          energyJ: null,
        });
      }
    }
    return records;
  }

  /** expert_load records for the interval ending at `ts`, from what each GPU computed since the last call. */
  takeExpertLoads(ts: number, intervalS: number, load: number, emit: boolean): ExpertLoadRecord[] {
    const records: ExpertLoadRecord[] = [];
    const units = this.profile.expertUnits ?? this.blockTokens.length;
    this.blockTokens.forEach((gpuTokens, unit) => {
      if (emit && unit < units) {
        const nodes = this.layout.units[this.role][unit];
        const ui = { unit, ts, intervalS, nodes, gpusPerNode: this.profile.gpusPerNode, positions: this.positions[unit], gpuTokens, load };
        for (const r of unitExpertLoads(this.experts, this.profile, ui)) records.push(r);
      }
      gpuTokens.fill(0);
    });
    return records;
  }
}
