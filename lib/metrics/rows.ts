import type { Phase, Role } from '@/lib/ingest/records';
import type { CounterTotals } from '@/lib/metrics/queries/getCounterTotals';
import type { NodeInterval } from '@/lib/metrics/queries/getNodeIntervals';
import type { RequestAggregate } from '@/lib/metrics/queries/getRequestAggregates';
import type { HistogramMetric } from '@/lib/metrics/histogram';
import type { Steps } from '@/lib/metrics/steps';
import type { TimeWindow } from '@/lib/time/window';

/** What a view is narrowed to: some nodes (GPU counters), one model (requests). */
export interface MetricsFilter {
  nodes?: string[];
  model?: string;
}

/** GPU counters of one role over one step (index into Steps.edges). */
export type CounterStep = Omit<CounterTotals, 'at'> & { step: number };

/** GPU counters of one node in one role over one step; `gpus` = distinct GPUs it reported. */
export interface NodeCounterStep {
  step: number;
  node: string;
  role: Role;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  gpuSeconds: number;
  gpus: number;
}

/** Energy of one role over one step: joules (energy counters, else power × seconds) and the GPU-seconds reported. */
export interface EnergyStep {
  step: number;
  role: Role;
  energyJ: number;
  gpuSeconds: number;
}

/** Energy of one node in one role over one step. */
export interface NodeEnergyStep extends EnergyStep {
  node: string;
}

/** Weighted request sums of one model and source over one step. */
export type RequestStep = Omit<RequestAggregate, 'at'> & { step: number };

export interface HistStep {
  step: number;
  bin: number;
  weight: number;
}

/** The balancer objectives of docs/design.md ("Load imbalance"): prefill input tokens and attention; decode KV and running requests; expert dispatch receive. */
export const OBJECTIVES = ['input', 'attention', 'kv', 'running', 'recv'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Σ over the intervals starting in a step of max ÷ mean over GPUs, and how many intervals. */
export interface BalanceStep {
  step: number;
  role: Role;
  objective: Objective;
  ratioSum: number;
  intervals: number;
  /** Sampled-request objectives: intervals left out for too few sampled requests, and the request rows read. */
  thin?: number;
  sampled?: number;
}

/**
 * An interval's attention imbalance counts only when its prefill GPUs prefilled at least this many
 * sampled requests each on average: with fewer, max ÷ mean measures the sampling, not the GPUs.
 */
export const MIN_SAMPLED_PER_GPU = 20;

/** One GPU over one step (per-second rates come from dividing by gpuSeconds). */
export interface GpuStep {
  step: number;
  node: string;
  gpu: number;
  role: Role;
  gpuSeconds: number;
  inputTokens: number;
  outputTokens: number;
  dispatchRecvTokens: number;
  runningRequestsS: number;
  kvCacheTokensS: number;
  kvCacheCapacityS: number;
}

/** A GPU among the furthest above the mean GPU for an objective, and its ratio in one step. */
export interface GpuRankRow {
  node: string;
  gpu: number;
  /** Average over its steps of value ÷ mean GPU; the largest; its average value. */
  meanRatio: number | null;
  peakRatio: number | null;
  meanValue: number;
  /** GPUs ranked in all. */
  gpus: number;
  step: number;
  ratio: number | null;
}

/** KV usage rows: 'gpu' (a fullest GPU), 'tenth' (GPUs per tenth of usage, in `step`), 'step' (the fullest GPU's usage per step). */
export interface KvUsageRow {
  kind: 'gpu' | 'tenth' | 'step';
  node: string | null;
  gpu: number | null;
  step: number | null;
  kv: number | null;
  capacity: number | null;
  usage: number | null;
  gpus: number | null;
}

export interface ExpertLayer {
  phase: Phase;
  layer: number;
}

export interface ExpertTotal {
  expert: number;
  tokens: number;
}

export interface ExpertGpuTotal {
  node: string;
  gpu: number;
  tokens: number;
}

/** The newest data of a node in a role: the end of its last reported minute. */
export interface NodeFreshness {
  node: string;
  role: Role;
  lastAt: number;
}

/**
 * Where views read their figures: the rollups (what the app uses), or the raw rows (the
 * benchmark's and the tests' reference). Both answer with the same rows for the same data.
 */
export interface MetricsReader {
  kind: 'rollups' | 'raw';
  counters(steps: Steps, filter: MetricsFilter): Promise<CounterStep[]>;
  nodeCounters(steps: Steps, filter: MetricsFilter): Promise<NodeCounterStep[]>;
  energy(steps: Steps, filter: MetricsFilter): Promise<EnergyStep[]>;
  nodeEnergy(steps: Steps, filter: MetricsFilter): Promise<NodeEnergyStep[]>;
  requests(steps: Steps, filter: MetricsFilter): Promise<RequestStep[]>;
  histogram(steps: Steps, metric: HistogramMetric, filter: MetricsFilter): Promise<HistStep[]>;
  nodeIntervals(window: TimeWindow): Promise<NodeInterval[]>;
  balance(steps: Steps): Promise<BalanceStep[]>;
  attentionBalance(steps: Steps): Promise<BalanceStep[]>;
  gpuLoads(steps: Steps, role: Role, filter: MetricsFilter): Promise<GpuStep[]>;
  gpuRanks(steps: Steps, role: Role, objective: Objective, filter: MetricsFilter, limit: number): Promise<GpuRankRow[]>;
  kvUsage(steps: Steps, filter: MetricsFilter, limit: number): Promise<KvUsageRow[]>;
  expertLayers(window: TimeWindow): Promise<ExpertLayer[]>;
  experts(window: TimeWindow, phase: Phase, layer: number): Promise<ExpertTotal[]>;
  expertGpus(window: TimeWindow, phase: Phase, layer: number): Promise<ExpertGpuTotal[]>;
  freshness(): Promise<NodeFreshness[]>;
}
