import { HIST_MAX_BIN, HIST_METRIC, histogramBin } from '@/lib/metrics/histogram';
import { Bins } from './bins';
import { counterShare, HOUR_MS, MINUTE_MS, type NodeMinute, type RequestMinuteWithHist, type RollupRequest, type RollupSample } from './rollupMath';

/**
 * The rollups the fleet views read besides the minute ones (hour tiers, per GPU, balance slots,
 * prefill attention, experts), in the same arithmetic:
 * a sample counts in proportion to its overlap with each bucket (counters split exactly), a
 * request in the bucket of its arrival. Keyed by nested maps of numbers, like rollupMath.
 */
export const TEN_MINUTES_MS = 10 * MINUTE_MS;

export const ROLE_INDEX: Record<string, number> = { prefill: 0, decode: 1, idle: 2 };
export const ROLE_NAMES = ['prefill', 'decode', 'idle'] as const;

const floorTo = (ms: number, grain: number) => Math.floor(ms / grain) * grain;

/** Where a row of a finer tier goes in a coarser one: its bucket's start, or null to leave it out. */
export type BucketOf = (ms: number) => number | null;
export const toHour: BucketOf = (ms) => floorTo(ms, HOUR_MS);

function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** An exact share of a sample's counters: the sample spans [startUs, startUs + durUs), the part [loUs, hiUs). */
interface Part {
  startUs: number;
  durUs: number;
  loUs: number;
  hiUs: number;
}
const share = (x: number, part: Part | null) => (part === null ? x : counterShare(x, part.startUs, part.durUs, part.loUs, part.hiUs));

/** Calls `fn` for each `grain` bucket that [ts − intervalS, ts) overlaps, with the part's seconds. */
export function forEachBucket(ts: number, intervalS: number, grain: number, fn: (bucket: number, part: Part | null, secs: number) => void): void {
  const start = ts - intervalS * 1000;
  const first = floorTo(start, grain);
  if (first + grain >= ts) {
    fn(first, null, intervalS);
    return;
  }
  const endUs = Math.round(ts * 1000);
  const durUs = Math.round(intervalS * 1e6);
  const startUs = endUs - durUs;
  for (let bucket = first; bucket < ts; bucket += grain) {
    const loUs = Math.max(bucket * 1000, startUs);
    const hiUs = Math.min((bucket + grain) * 1000, endUs);
    if (hiUs > loUs) fn(bucket, { startUs, durUs, loUs, hiUs }, (hiUs - loUs) / 1e6);
  }
}

// ───────────── hour and day tiers ─────────────

const NODE_SUMS = [
  'samples', 'gpuSeconds', 'tokenSeconds', 'inputTokens', 'cachedTokens', 'outputTokens', 'requests', 'dispatchSendTokens',
  'dispatchRecvTokens', 'runningRequestsS', 'kvCacheTokensS', 'kvCacheCapacityS', 'utilPctS', 'powerWS', 'energyJ',
] as const;

/** Node rows summed into coarser buckets (GPU masks or-ed). */
function nodeSums(minutes: Iterable<NodeMinute>, bucketOf: BucketOf): NodeMinute[] {
  const byKey = new Map<number, Map<number, Map<string, NodeMinute>>>();
  const out: NodeMinute[] = [];
  for (const m of minutes) {
    const hour = bucketOf(m.bucket);
    if (hour === null) continue;
    const byRole = child(child(byKey, m.nodeId, () => new Map()), hour, () => new Map<string, NodeMinute>());
    const h = byRole.get(m.role);
    if (!h) {
      const copy = { ...m, bucket: hour };
      byRole.set(m.role, copy);
      out.push(copy);
      continue;
    }
    for (const k of NODE_SUMS) h[k] += m[k];
    h.gpuMaskLo = (h.gpuMaskLo | m.gpuMaskLo) >>> 0;
    h.gpuMaskHi = (h.gpuMaskHi | m.gpuMaskHi) >>> 0;
  }
  return out;
}

/** Node minutes summed into whole UTC hours. */
export const nodeHours = (minutes: Iterable<NodeMinute>) => nodeSums(minutes, toHour);
/** Node hours summed into the day tier's days. */
export const nodeDays = (hours: Iterable<NodeMinute>, dayOf: BucketOf) => nodeSums(hours, dayOf);

const REQUEST_SUMS = ['requests', 'inputTokens', 'cachedTokens', 'outputTokens', 'kvEntries', 'speedSum', 'speedWeight', 'ttftMsSum', 'ttftWeight'] as const;

/** Request rows (with their histograms) summed into coarser buckets. */
function requestSums(minutes: Iterable<RequestMinuteWithHist>, bucketOf: BucketOf): RequestMinuteWithHist[] {
  const byKey = new Map<number, Map<number, Map<string, RequestMinuteWithHist>>>();
  const out: RequestMinuteWithHist[] = [];
  for (const m of minutes) {
    const hour = bucketOf(m.bucket);
    if (hour === null) continue;
    const bySource = child(child(byKey, hour, () => new Map()), m.modelId, () => new Map<string, RequestMinuteWithHist>());
    let h = bySource.get(m.source);
    if (!h) {
      h = { ...m, bucket: hour, ttftBins: new Bins(), speedBins: new Bins() };
      bySource.set(m.source, h);
      out.push(h);
    } else for (const k of REQUEST_SUMS) h[k] += m[k];
    h.ttftBins.merge(m.ttftBins);
    h.speedBins.merge(m.speedBins);
  }
  return out;
}

/** Request minutes summed into whole UTC hours. */
export const requestHours = (minutes: Iterable<RequestMinuteWithHist>) => requestSums(minutes, toHour);
/** Request hours summed into the day tier's days. */
export const requestDays = (hours: Iterable<RequestMinuteWithHist>, dayOf: BucketOf) => requestSums(hours, dayOf);

// ───────────── KV-cache length histogram ─────────────

/** The smallest integer ≥ 1 whose bin is at least `bin` (bins 0 … HIST_MAX_BIN), computed once. */
const FIRST_INTEGER_OF_BIN: number[] = [];
function firstIntegerOfBin(bin: number): number {
  const known = FIRST_INTEGER_OF_BIN[bin];
  if (known !== undefined) return known;
  let v = Math.max(1, Math.ceil(10 ** (bin / 20)));
  while (v > 1 && (histogramBin(v - 1) ?? -Infinity) >= bin) v--;
  while ((histogramBin(v) ?? -Infinity) < bin) v++;
  FIRST_INTEGER_OF_BIN[bin] = v;
  return v;
}

/** The first integer of each bin 0 … HIST_MAX_BIN (the KV-length bin edges, for the raw-row twin in SQL). */
export const kvLengthBinStarts = () => Array.from({ length: HIST_MAX_BIN + 1 }, (_, b) => firstIntegerOfBin(b));

/**
 * The KV-cache lengths the output tokens of a request see — the k-th (from 0) sees I + k — as
 * (bin, number of tokens) over the fixed log bins. Length 0 (no input, first token) is not binned.
 */
export function kvLengthBins(input: number, output: number): [number, number][] {
  const bins = new Bins();
  addKvLengthBins(bins, input, output, 1);
  return bins.weights.flatMap((n, i): [number, number][] => (n > 0 ? [[bins.lo + i, n]] : []));
}

/** Adds w × the tokens of each KV-length bin of a request to `bins`, allocating nothing. */
function addKvLengthBins(bins: Bins, input: number, output: number, w: number): void {
  const lo = Math.max(input, 1);
  const hi = input + output - 1;
  for (let bin = histogramBin(lo) as number, from = lo; from <= hi; bin++) {
    const next = bin >= HIST_MAX_BIN ? Infinity : firstIntegerOfBin(bin + 1);
    const to = Math.min(hi, next - 1);
    if (to >= from) bins.add(bin, w * (to - from + 1));
    from = Math.max(from, next);
  }
}

/** A histogram row as stored: the weights of bins lo, lo + 1, … (0 where a bin in between has none). */
export interface HistArrayRow {
  bucket: number;
  modelId: number;
  source: string;
  metric: number;
  lo: number;
  weights: number[];
}

export class KvLengthRollup {
  // minute index since the epoch (a small integer, unlike a millisecond bucket) → model → source → bins
  private readonly byMinute = new Map<number, Map<number, Map<string, Bins>>>();

  add(r: RollupRequest): void {
    // A request whose tokens all see length 0 has no bins: no empty row for its minute.
    if (r.inputTokens + r.outputTokens - 1 < Math.max(r.inputTokens, 1)) return;
    const minute = Math.floor(r.arrivedAt / MINUTE_MS);
    let byModel = this.byMinute.get(minute);
    if (!byModel) this.byMinute.set(minute, (byModel = new Map()));
    let bySource = byModel.get(r.modelId);
    if (!bySource) byModel.set(r.modelId, (bySource = new Map()));
    let bins = bySource.get(r.source);
    if (!bins) bySource.set(r.source, (bins = new Bins()));
    addKvLengthBins(bins, r.inputTokens, r.outputTokens, r.sampleWeight);
  }

  /** Rows of bins per bucket (minutes; hours or days for the coarser tiers) × model × source. */
  rows(bucketOf: BucketOf = (ms) => ms): HistArrayRow[] {
    // bucket → model → source → bins; minutes merged in the order they came, bin by bin.
    const merged = new Map<number, Map<number, Map<string, Bins>>>();
    for (const [minute, byModel] of this.byMinute) {
      const bucket = bucketOf(minute * MINUTE_MS);
      if (bucket === null) continue;
      for (const [modelId, bySource] of byModel) {
        for (const [source, bins] of bySource) {
          child(child(child(merged, bucket, () => new Map()), modelId, () => new Map()), source, () => new Bins()).merge(bins);
        }
      }
    }
    const out: HistArrayRow[] = [];
    for (const [bucket, byModel] of merged) {
      for (const [modelId, bySource] of byModel) {
        for (const [source, bins] of bySource) out.push({ bucket, modelId, source, metric: HIST_METRIC.kvLength, ...bins.row() });
      }
    }
    return out;
  }
}

// ───────────── per GPU ─────────────

export interface GpuBucket {
  bucket: number;
  nodeId: number;
  gpu: number;
  role: string;
  gpuSeconds: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  requests: number;
  dispatchRecvTokens: number;
  runningRequestsS: number;
  kvCacheTokensS: number;
  kvCacheCapacityS: number;
}

const GPU_COUNTERS = ['inputTokens', 'cachedTokens', 'outputTokens', 'requests', 'dispatchRecvTokens'] as const;
const GPU_GAUGES = [
  ['runningRequests', 'runningRequestsS'],
  ['kvCacheTokens', 'kvCacheTokensS'],
  ['kvCacheCapacity', 'kvCacheCapacityS'],
] as const;
const GPU_SUMS = ['gpuSeconds', ...GPU_COUNTERS, 'runningRequestsS', 'kvCacheTokensS', 'kvCacheCapacityS'] as const;

/** Per GPU × role over 10-minute buckets; `keep(nodeId, bucket)` limits a rebuild to some hours. */
export class GpuRollup {
  // node → bucket → gpu·4 + role index
  private readonly byNode = new Map<number, Map<number, Map<number, GpuBucket>>>();

  constructor(private readonly keep?: (nodeId: number, bucket: number) => boolean) {}

  add(s: RollupSample): void {
    forEachBucket(s.ts, s.intervalS, TEN_MINUTES_MS, (bucket, part, secs) => {
      if (this.keep && !this.keep(s.nodeId, bucket)) return;
      const byGpu = child(child(this.byNode, s.nodeId, () => new Map()), bucket, () => new Map<number, GpuBucket>());
      const key = s.gpu * 4 + (ROLE_INDEX[s.role] ?? 3);
      let g = byGpu.get(key);
      if (!g) {
        g = { bucket, nodeId: s.nodeId, gpu: s.gpu, role: s.role, gpuSeconds: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0, requests: 0, dispatchRecvTokens: 0, runningRequestsS: 0, kvCacheTokensS: 0, kvCacheCapacityS: 0 };
        byGpu.set(key, g);
      }
      g.gpuSeconds += secs;
      for (const c of GPU_COUNTERS) {
        const x = s[c];
        if (x !== null) g[c] += share(x, part);
      }
      for (const [gauge, target] of GPU_GAUGES) {
        const v = s[gauge];
        if (v !== null) g[target] += v * secs;
      }
    });
  }

  *buckets(): Generator<GpuBucket> {
    for (const byBucket of this.byNode.values()) for (const byGpu of byBucket.values()) yield* byGpu.values();
  }
}

/** GPU buckets summed into coarser buckets. */
function gpuSums(buckets: Iterable<GpuBucket>, bucketOf: BucketOf): GpuBucket[] {
  const byKey = new Map<number, Map<number, Map<number, GpuBucket>>>();
  const out: GpuBucket[] = [];
  for (const b of buckets) {
    const hour = bucketOf(b.bucket);
    if (hour === null) continue;
    const byGpu = child(child(byKey, b.nodeId, () => new Map()), hour, () => new Map<number, GpuBucket>());
    const key = b.gpu * 4 + (ROLE_INDEX[b.role] ?? 3);
    const h = byGpu.get(key);
    if (!h) {
      const copy = { ...b, bucket: hour };
      byGpu.set(key, copy);
      out.push(copy);
    } else for (const k of GPU_SUMS) h[k] += b[k];
  }
  return out;
}

/** GPU 10-minute buckets summed into whole UTC hours. */
export const gpuHours = (buckets: Iterable<GpuBucket>) => gpuSums(buckets, toHour);
/** GPU hours summed into the day tier's days. */
export const gpuDays = (hours: Iterable<GpuBucket>, dayOf: BucketOf) => gpuSums(hours, dayOf);

// ───────────── load imbalance per sample interval ─────────────

/** Per interval slot and role, for each balancer objective: GPUs, sum and max of their per-second value. */
export interface BalanceSlot {
  slot: number;
  role: string;
  inputN: number;
  inputSum: number;
  inputMax: number;
  kvN: number;
  kvSum: number;
  kvMax: number;
  runningN: number;
  runningSum: number;
  runningMax: number;
  recvN: number;
  recvSum: number;
  recvMax: number;
}

/** The start of the interval slot of a sample: samples ending in the same interval-aligned slot share it. */
export function balanceSlot(ts: number, intervalS: number): number {
  const ms = Math.round(intervalS * 1000);
  return Math.ceil(ts / ms) * ms - ms;
}

type Objective = 'input' | 'kv' | 'running' | 'recv';

/** The per-second value of each objective a sample reports (counters ÷ interval, gauges as is). */
export function objectiveValues(s: RollupSample): Record<Objective, number | null> {
  return {
    input: s.inputTokens === null ? null : s.inputTokens / s.intervalS,
    kv: s.kvCacheTokens,
    running: s.runningRequests,
    recv: s.dispatchRecvTokens === null ? null : s.dispatchRecvTokens / s.intervalS,
  };
}

export class BalanceRollup {
  private readonly bySlot = new Map<number, Map<string, BalanceSlot>>();

  constructor(private readonly keep?: (slot: number) => boolean) {}

  add(s: RollupSample): void {
    const slot = balanceSlot(s.ts, s.intervalS);
    if (this.keep && !this.keep(slot)) return;
    const byRole = child(this.bySlot, slot, () => new Map<string, BalanceSlot>());
    let b = byRole.get(s.role);
    if (!b) {
      b = { slot, role: s.role, inputN: 0, inputSum: 0, inputMax: 0, kvN: 0, kvSum: 0, kvMax: 0, runningN: 0, runningSum: 0, runningMax: 0, recvN: 0, recvSum: 0, recvMax: 0 };
      byRole.set(s.role, b);
    }
    const v = objectiveValues(s);
    if (v.input !== null) [b.inputN, b.inputSum, b.inputMax] = [b.inputN + 1, b.inputSum + v.input, Math.max(b.inputMax, v.input)];
    if (v.kv !== null) [b.kvN, b.kvSum, b.kvMax] = [b.kvN + 1, b.kvSum + v.kv, Math.max(b.kvMax, v.kv)];
    if (v.running !== null) [b.runningN, b.runningSum, b.runningMax] = [b.runningN + 1, b.runningSum + v.running, Math.max(b.runningMax, v.running)];
    if (v.recv !== null) [b.recvN, b.recvSum, b.recvMax] = [b.recvN + 1, b.recvSum + v.recv, Math.max(b.recvMax, v.recv)];
  }

  *slots(): Generator<BalanceSlot> {
    for (const byRole of this.bySlot.values()) yield* byRole.values();
  }
}

// ───────────── prefill core-attention load ─────────────

/** A request as the attention rollup sees it: where it was prefilled. */
export interface AttentionRequest extends RollupRequest {
  prefillNodeId: number | null;
  prefillGpu: number | null;
}

export interface AttentionBucket {
  bucket: number;
  nodeId: number;
  gpu: number;
  /** Σ w · (I − C) · I: new tokens times the context they attend to. */
  attention: number;
  newTokens: number;
  requests: number;
  /** Request rows behind it, unweighted: the sample size of the load. */
  sampled: number;
}

/** Core-attention load of a prefill: new (uncached) tokens × context length. */
export const attentionLoad = (input: number, cached: number) => (input - cached) * input;

export class AttentionRollup {
  private readonly byNode = new Map<number, Map<number, Map<number, AttentionBucket>>>();

  add(r: AttentionRequest): void {
    if (r.prefillNodeId === null || r.prefillGpu === null) return;
    const bucket = floorTo(r.arrivedAt, TEN_MINUTES_MS);
    const byGpu = child(child(this.byNode, r.prefillNodeId, () => new Map()), bucket, () => new Map<number, AttentionBucket>());
    let a = byGpu.get(r.prefillGpu);
    if (!a) byGpu.set(r.prefillGpu, (a = { bucket, nodeId: r.prefillNodeId, gpu: r.prefillGpu, attention: 0, newTokens: 0, requests: 0, sampled: 0 }));
    const w = r.sampleWeight;
    a.attention += w * attentionLoad(r.inputTokens, r.cachedTokens);
    a.newTokens += w * (r.inputTokens - r.cachedTokens);
    a.requests += w;
    a.sampled += 1;
  }

  *buckets(): Generator<AttentionBucket> {
    for (const byBucket of this.byNode.values()) for (const byGpu of byBucket.values()) yield* byGpu.values();
  }
}

// ───────────── expert load per hour ─────────────

/** A stored expert_load row as the rollups see it (node resolved). */
export interface RollupExpertLoad {
  ts: number;
  intervalS: number;
  phase: string;
  layer: number;
  expert: number;
  nodeId: number;
  gpu: number;
  tokens: number;
}

export interface ExpertHour {
  bucket: number;
  phase: string;
  layer: number;
  expert: number;
  tokens: number;
}

export interface ExpertGpuHour {
  bucket: number;
  nodeId: number;
  gpu: number;
  phase: string;
  layer: number;
  tokens: number;
}

/** Tokens per expert and per GPU, per hour × phase × layer (a load split exactly over the hours it spans). */
export class ExpertRollup {
  private readonly experts = new Map<string, ExpertHour>();
  private readonly gpus = new Map<string, ExpertGpuHour>();

  constructor(private readonly keep?: (hour: number) => boolean) {}

  add(e: RollupExpertLoad): void {
    forEachBucket(e.ts, e.intervalS, HOUR_MS, (bucket, part) => {
      if (this.keep && !this.keep(bucket)) return;
      const tokens = share(e.tokens, part);
      const ek = `${bucket}|${e.phase}|${e.layer}|${e.expert}`;
      const x = this.experts.get(ek);
      if (x) x.tokens += tokens;
      else this.experts.set(ek, { bucket, phase: e.phase, layer: e.layer, expert: e.expert, tokens });
      const gk = `${bucket}|${e.nodeId}|${e.gpu}|${e.phase}|${e.layer}`;
      const g = this.gpus.get(gk);
      if (g) g.tokens += tokens;
      else this.gpus.set(gk, { bucket, nodeId: e.nodeId, gpu: e.gpu, phase: e.phase, layer: e.layer, tokens });
    });
  }

  expertHours(): ExpertHour[] {
    return [...this.experts.values()];
  }

  gpuHours(): ExpertGpuHour[] {
    return [...this.gpus.values()];
  }
}
