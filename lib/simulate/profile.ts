import type { TimeWindow } from '@/lib/time/window';
import type { LengthDistribution } from './lengths';

/**
 * A fleet profile: everything the simulator needs to write one fleet's telemetry over a window.
 * Serving nodes are grouped into units, as DeepSeek serves: a prefill unit and a decode unit are
 * each one expert-parallel group (EP size = nodes × GPUs per node).
 */
export interface ParallelUnit {
  nodes: number;
  /** Extra physical copies of hot experts (EPLB), so routed slots per GPU = (routed + redundant) ÷ EP. */
  redundantExperts: number;
}

/** From `at` on (until the next step), this many units of each role serve; the others are lent (`other`). */
export interface FleetStep {
  at: number;
  prefillUnits: number;
  decodeUnits: number;
}

export interface ModelMix {
  model: string;
  /** Share of requests. */
  share: number;
  input: LengthDistribution;
  output: LengthDistribution;
}

export interface SourceShare {
  source: string;
  share: number;
}

export interface ExpertModel {
  /** MoE layers of the model (DeepSeek-V3: 58 of its 61 layers); `layer` in records is 0-based among them. */
  moeLayers: number;
  routedExperts: number;
  /** Experts each token is routed to, per MoE layer. */
  topK: number;
  /** Expert groups of group-limited routing (EPLB packs whole groups onto nodes where it can). */
  groups: number;
  /** σ of ln(popularity) of the routed experts: how hot the hot experts are. */
  popularitySigma: number;
  /** Peak extra popularity of one drifting expert per layer, unseen by the placement: the straggler. */
  driftPeak: number;
}

export interface LatencyModel {
  /** Mean queueing before prefill at load 1 (seconds); it scales with load. */
  queueMeanS: number;
  /** Fixed part of a prefill (seconds). */
  prefillBaseS: number;
  /** Cache-miss tokens one request's prefill computes per second. */
  prefillTokensPerS: number;
  /** KV transfer to the decode node: fixed seconds plus seconds per input token. */
  transferBaseS: number;
  transferPerTokenS: number;
  /** σ of ln(speed) across requests around the decode speed of the moment. */
  speedSigma: number;
}

export interface FleetProfile {
  name: string;
  description: string;
  window: TimeWindow;
  gpuType: string;
  gpusPerNode: number;
  prefillUnit: ParallelUnit;
  decodeUnit: ParallelUnit;
  /** Sorted; the first is at window.start. */
  steps: FleetStep[];
  /** Exact totals over the whole window, from the GPU counters. */
  totals: { inputTokens: number; cachedTokens: number; outputTokens: number };
  /** Relative demand per serving node at an instant (the diurnal load); scaled so totals hold. */
  load(instant: number): number;
  /** Mean decode speed of a request (tokens/s) at an instant. */
  decodeSpeed(instant: number): number;
  /** Source shares of requests arriving at an instant. */
  sources(instant: number): readonly SourceShare[];
  models: readonly ModelMix[];
  /** Share of requests with no prefix-cache hit; the others hit a uniform fraction chosen so the hit ratio holds. */
  uncachedRequestShare: number;
  latency: LatencyModel;
  /** KV-cache capacity of one GPU, in tokens. */
  kvCacheCapacity: number;
  experts: ExpertModel;
  /** MoE layers whose expert loads are written (all 58 × 256 × every GPU is too much). */
  expertLayers: readonly number[];
  /** expert_load interval (seconds). */
  expertIntervalS: number;
  /** Expert loads of the first this many units of each phase only (one unit is a whole EPLB placement); default every unit. */
  expertUnits?: number;
}

export const TICK_S = 10;
export const TICK_MS = TICK_S * 1000;
